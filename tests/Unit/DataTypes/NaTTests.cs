using System.Collections;
using System.Collections.Specialized;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.Tests.Interop;

namespace SciTex.Zarr.Tests.DataTypes;

/// <summary>NaT is never a silent 0001-01-01: it reads as null in DateTime?[]/TimeSpan?[] and writes back as NaT.</summary>
public class NaTTests
{
    private static object? Value(IZarrStore store, string key) => ValueReader.ReadArrayValue(store, (ArrayMetadata)NodeStore.Read(store, key));

    [Fact]
    public void Arrays_holding_NaT_read_as_nullable_dates_with_null_there_and_the_other_values_exact()
    {
        using var dir = new Peers.ScratchDir();
        Peers.RunPython("nat_cases.py", "write", dir.Path);
        using var store = new DirectoryStore(dir.Path, readOnly: true);

        var ns = Assert.IsType<DateTime?[]>(Value(store, "ns"));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234568), ns[0]); // 123456789 ns → nearest tick
        Assert.Null(ns[1]);
        Assert.Equal(DateTime.UnixEpoch, ns[2]);

        var s = Assert.IsType<DateTime?[]>(Value(store, "s"));
        Assert.Null(s[0]);
        Assert.Equal(new DateTime(2000, 2, 29, 12, 0, 0, DateTimeKind.Utc), s[1]);

        // No NaT: plain DateTime[] as before.
        Assert.Equal(new[] { new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2002, 2, 2, 0, 0, 0, DateTimeKind.Utc) },
            Assert.IsType<DateTime[]>(Value(store, "clean")));

        var td = Assert.IsType<TimeSpan?[]>(Value(store, "td"));
        Assert.Equal([TimeSpan.FromHours(1), null, TimeSpan.FromSeconds(-5)], td);

        Assert.Null(Value(store, "scalar"));
    }

    [Fact]
    public void Nullable_dates_are_written_with_NaT_for_null_and_zarr_python_reads_NaT_there()
    {
        using var dir = new Peers.ScratchDir();
        var when = new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        using (var store = new DirectoryStore(dir.Path))
        {
            var items = new OrderedDictionary
            {
                ["dates"] = new DateTime?[] { when, null, DateTime.UnixEpoch },
                ["spans"] = new TimeSpan?[] { null, TimeSpan.FromMilliseconds(1.5) },
            };
            ValueWriter.Execute(ValueWriter.Plan(store, "", items, new SaveOptions { ZarrFormat = 2 }));
            var back = Assert.IsType<DateTime?[]>(Value(store, "dates"));
            Assert.Equal([when, null, DateTime.UnixEpoch], back);
        }
        var report = JsonNode.Parse(Peers.RunPython("nat_cases.py", "check", dir.Path, "dates", "spans").Trim().Split('\n')[^1])!;
        const string NaT = "-9223372036854775808";
        Assert.Equal("<M8[100ns]", report["dates"]!["dtype"]!.GetValue<string>());
        var dates = report["dates"]!["values"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
        Assert.Equal([((when.Ticks - DateTime.UnixEpoch.Ticks)).ToString(), NaT, "0"], dates);
        var spans = report["spans"]!["values"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
        Assert.Equal([NaT, "15000"], spans);
    }
}
