using SciTex.Zarr.Tests.Interop;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>Records with DateTime/TimeSpan properties: table columns and -AsStructured fields keep the type (datetime64/timedelta64), $null as NaT.</summary>
public class DateTimeColumnTests
{
    private const string Records = """
        $t0 = [datetime]::new(2024, 5, 6, 7, 8, 9, [DateTimeKind]::Utc).AddTicks(1234567)
        $rows = @(
            [pscustomobject]@{ id = 1; when = $t0;             took = [timespan]::FromMilliseconds(1.5); label = 'a' }
            [pscustomobject]@{ id = 2; when = $t0.AddDays(1);  took = [timespan]::FromSeconds(3);        label = 'b' }
            [pscustomobject]@{ id = 3; when = $null;           took = [timespan]::Zero;                  label = 'c' }
        )
        """;

    [Fact]
    public void A_table_keeps_DateTime_and_TimeSpan_columns_as_datetime64_and_timedelta64()
    {
        using var s = new PsSession();
        s.Ok(Records + "\nSave-Zarr -Path \"$T/t.zarr\" -Key runs -InputObject $rows");
        var types = s.Ok("Get-ZarrTree -Path \"$T/t.zarr\" | Where-Object NodeType -eq Array | ForEach-Object { \"$($_.Key)=$($_.DataType)\" }")
            .Select(o => o.BaseObject.ToString()).Order().ToList();
        Assert.Contains("runs/when=numpy.datetime64[100ns]", types);
        Assert.Contains("runs/took=numpy.timedelta64[100ns]", types);
        Assert.Contains("runs/id=int32", types);
        Assert.Equal("runs/label=string", types.Single(t => t.StartsWith("runs/label=")));
        var back = s.Ok("$b = Import-Zarr -Path \"$T/t.zarr\" -Key runs; $b[0].when; $b[1].when; $null -eq $b[2].when; $b[0].took; $b[1].id");
        var expected = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);
        Assert.Equal(expected, (DateTime)back[0].BaseObject);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)back[0].BaseObject).Kind);
        Assert.Equal(expected.AddDays(1), (DateTime)back[1].BaseObject);
        Assert.True((bool)back[2].BaseObject);
        Assert.Equal(TimeSpan.FromMilliseconds(1.5), (TimeSpan)back[3].BaseObject);
        Assert.Equal(2, Convert.ToInt32(back[4].BaseObject));
    }

    [Fact]
    public void AsStructured_stores_DateTime_properties_as_datetime64_fields()
    {
        using var s = new PsSession();
        s.Ok(Records + "\n$rows | Save-Zarr -Path \"$T/s.zarr\" -Key runs -AsStructured");
        var type = s.One<string>("(Get-ZarrTree -Path \"$T/s.zarr\" | Where-Object Name -eq 'runs').DataType");
        Assert.Equal("struct{id:int32,when:numpy.datetime64[100ns],took:numpy.timedelta64[100ns],label:fixed_length_utf32[1]}", type);
        var back = s.Ok("$b = Import-Zarr -Path \"$T/s.zarr\" -Key runs; $b[1].when; $null -eq $b[2].when; $b[1].took");
        Assert.Equal(new DateTime(2024, 5, 7, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567), (DateTime)back[0].BaseObject);
        Assert.True((bool)back[1].BaseObject);
        Assert.Equal(TimeSpan.FromSeconds(3), (TimeSpan)back[2].BaseObject);
    }

    [Fact]
    public void Columns_mixing_DateTime_with_other_values_are_still_strings()
    {
        using var s = new PsSession();
        s.Ok("Save-Zarr -Path \"$T/m.zarr\" -Key t -InputObject @([pscustomobject]@{ x = [datetime]::new(2024, 1, 1) }, [pscustomobject]@{ x = 'soon' })");
        Assert.Equal("string", s.One<string>("(Get-ZarrTree -Path \"$T/m.zarr\" | Where-Object Key -eq 't/x').DataType"));
    }

    [SkippableFact]
    public void Zarr_python_reads_DateTime_table_columns_and_struct_fields_as_datetime64_with_NaT()
    {
        using var s = new PsSession();
        s.Ok(Records + "\nSave-Zarr -Path \"$T/t.zarr\" -Key runs -InputObject $rows -ZarrFormat 2; $rows | Save-Zarr -Path \"$T/s.zarr\" -Key runs -AsStructured -ZarrFormat 2");
        const string Script = """
            import sys, json, zarr, numpy as np
            t = zarr.open(sys.argv[1], mode='r')['runs']
            s = zarr.open(sys.argv[2], mode='r')['runs']
            def ns(a): return [None if np.isnat(v) else int(v.astype('datetime64[ns]').astype('int64')) for v in a]
            print(json.dumps({'table': str(t['when'].dtype), 'took': str(t['took'].dtype), 'when': ns(t['when'][:]),
                              'struct': str(s.dtype['when']), 'swhen': ns(s[:]['when'])}))
            """;
        var result = System.Text.Json.Nodes.JsonNode.Parse(Peers.RunPython("-c", Script, Path.Combine(s.Temp, "t.zarr"), Path.Combine(s.Temp, "s.zarr")))!;
        var t0 = (new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567) - DateTime.UnixEpoch).Ticks * 100;
        var day = TimeSpan.FromDays(1).Ticks * 100;
        Assert.Equal("datetime64[100ns]", (string)result["table"]!);
        Assert.Equal("timedelta64[100ns]", (string)result["took"]!);
        Assert.Equal("datetime64[100ns]", (string)result["struct"]!);
        foreach (var key in new[] { "when", "swhen" })
            Assert.Equal(new long?[] { t0, t0 + day, null }, result[key]!.AsArray().Select(v => (long?)v).ToArray());
    }
}
