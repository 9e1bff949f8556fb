using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.CrashSafety;

/// <summary>
/// Test data for in-place writes (appends, region writes, concurrent writers) whose every value says which write put
/// it there. Shared by the kill and concurrency tests and their child writer process (tests/CrashWriter).
/// </summary>
public static class InPlaceData
{
    // ---- appends: a 1-D float64 log, chunks of 64, blocks of 100..499 values (2..9 chunks, straddling edges) ----

    public const string LogKey = "log";
    public const int LogChunk = 64;

    /// <summary>The block the append attempt <paramref name="attempt"/> (≥ 1) appends: its length and values both name it.</summary>
    public static double[] AppendBlock(int attempt)
    {
        var length = 100 + attempt * 37 % 400;
        var block = new double[length];
        for (var k = 0; k < length; k++) block[k] = attempt * 1e6 + k;
        return block;
    }

    public static void CreateLog(IZarrStore store, int format) =>
        Create(store, LogKey, new ArrayDefinition { Shape = [0], DataType = ZarrDataType.Float64, ChunkShape = [LogChunk], ZarrFormat = format });

    // ---- region writes: a 2-D float64 grid of 64 chunks ----

    public const string GridKey = "grid";
    public const int GridRows = 256, GridColumns = 8192, GridChunkRows = 32, GridChunkColumns = 1024;

    /// <summary>What generation <paramref name="g"/> (0: never written, the fill value) holds at [i, j].</summary>
    public static double GridValue(int g, long i, long j) => g == 0 ? 0 : g * 1e7 + i * GridColumns + j;

    /// <summary>The value a region write of generation <paramref name="g"/> writes into rows [r0, r1) × columns [c0, c1).</summary>
    public static double[,] GridBlock(int g, int r0, int r1, int c0, int c1)
    {
        var block = new double[r1 - r0, c1 - c0];
        for (var i = r0; i < r1; i++)
            for (var j = c0; j < c1; j++) block[i - r0, j - c0] = GridValue(g, i, j);
        return block;
    }

    public static void CreateGrid(IZarrStore store, int format) =>
        Create(store, GridKey, new ArrayDefinition
        {
            Shape = [GridRows, GridColumns], DataType = ZarrDataType.Float64, ChunkShape = [GridChunkRows, GridChunkColumns], ZarrFormat = format,
        });

    // ---- concurrent writers: 4 writers × 50 regions into one int64 array ----

    public const string SharedKey = "shared";
    public const int Writers = 4, RegionsPerWriter = 50;

    /// <summary>
    /// Chunk-aligned layout: 200 chunks of 4 × 10 in an 80 × 100 array; region r of writer w is chunk r·4 + w, so
    /// the four writers always work on neighbouring chunks.
    /// </summary>
    public const int AlignedRows = 80, AlignedColumns = 100, AlignedChunkRows = 4, AlignedChunkColumns = 10;

    /// <summary>
    /// Shared-chunk layout: 200 rows of 64 in chunks of 8 rows; region r of writer w is row r·4 + w, so every chunk is
    /// read-modify-written by all four writers (two rows each): a lost update would leave a row of fill values.
    /// </summary>
    public const int RowsRows = 200, RowsColumns = 64, RowsChunkRows = 8;

    public static long SharedValue(int writer, long i, long j) => (writer + 1) * 1_000_000L + i * 1000 + j;

    /// <summary>Region <paramref name="r"/> of writer <paramref name="w"/>: rows [R0, R1) × columns [C0, C1).</summary>
    public static (int R0, int R1, int C0, int C1) SharedRegion(bool aligned, int w, int r)
    {
        if (!aligned) return (r * Writers + w, r * Writers + w + 1, 0, RowsColumns);
        var chunk = r * Writers + w;
        var perRow = AlignedColumns / AlignedChunkColumns;
        var (cr, cc) = (chunk / perRow, chunk % perRow);
        return (cr * AlignedChunkRows, (cr + 1) * AlignedChunkRows, cc * AlignedChunkColumns, (cc + 1) * AlignedChunkColumns);
    }

    public static long[,] SharedBlock(bool aligned, int w, int r)
    {
        var (r0, r1, c0, c1) = SharedRegion(aligned, w, r);
        var block = new long[r1 - r0, c1 - c0];
        for (var i = r0; i < r1; i++)
            for (var j = c0; j < c1; j++) block[i - r0, j - c0] = SharedValue(w, i, j);
        return block;
    }

    public static void CreateShared(IZarrStore store, bool aligned, int format) =>
        Create(store, SharedKey, aligned
            ? new ArrayDefinition { Shape = [AlignedRows, AlignedColumns], DataType = ZarrDataType.Int64, ChunkShape = [AlignedChunkRows, AlignedChunkColumns], ZarrFormat = format }
            : new ArrayDefinition { Shape = [RowsRows, RowsColumns], DataType = ZarrDataType.Int64, ChunkShape = [RowsChunkRows, RowsColumns], ZarrFormat = format });

    private static void Create(IZarrStore store, string path, ArrayDefinition definition)
    {
        var metadata = ArrayCreator.Plan(store, path, definition, force: true, out var replaces);
        ArrayCreator.Create(store, metadata, replaces);
    }
}
