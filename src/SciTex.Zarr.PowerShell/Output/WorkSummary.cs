using System.Diagnostics;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.PowerShell.Output;

/// <summary>The -Verbose lines: what a cmdlet read or wrote (nodes, chunks, bytes) and how long it took.</summary>
internal static class WorkSummary
{
    public static string Nodes(int groups, int arrays) =>
        $"{groups + arrays} node{(groups + arrays == 1 ? "" : "s")} ({groups} group{(groups == 1 ? "" : "s")}, {arrays} arra{(arrays == 1 ? "y" : "ys")})";

    public static string Chunks(long chunks) => $"{chunks} chunk{(chunks == 1 ? "" : "s")}";

    public static string Bytes(long bytes) => $"{ZarrNodeInfo.FormatBytes(bytes)}{(bytes >= 1024 ? $" ({bytes:N0} bytes)" : "")}";

    public static string Time(Stopwatch clock) => clock.Elapsed.TotalSeconds < 1
        ? $"{clock.Elapsed.TotalMilliseconds:0} ms" : $"{clock.Elapsed.TotalSeconds:0.##} s";

    /// <summary>Decoded size of an array's elements (variable-length elements are not counted).</summary>
    public static long DataBytes(ArrayMetadata array) =>
        array.DataType.IsVariableLength ? 0 : (long)Math.Min((double)(array.ExactElementCount * array.DataType.ItemSize), long.MaxValue);

    /// <summary>What a save wrote: groups, arrays, chunks and decoded bytes.</summary>
    public static (int Groups, int Arrays, long Chunks, long Bytes) Of(IEnumerable<ValueWriter.PlannedNode> nodes)
    {
        int groups = 0, arrays = 0;
        long chunks = 0, bytes = 0;
        foreach (var node in ValueWriter.AllNodes(nodes))
        {
            if (node is ValueWriter.PlannedArray array)
            {
                arrays++;
                chunks += array.Metadata.ChunkCount;
                bytes += DataBytes(array.Metadata);
            }
            else groups++;
        }
        return (groups, arrays, chunks, bytes);
    }

    /// <summary>What a load read.</summary>
    public static (int Groups, int Arrays, long Chunks, long Bytes) Of(LoadedNode root)
    {
        int groups = 0, arrays = 0;
        long chunks = 0, bytes = 0;
        var pending = new Stack<LoadedNode>([root]);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case LoadedArray { Metadata: ArrayMetadata metadata }:
                    arrays++;
                    chunks += metadata.ChunkCount;
                    bytes += DataBytes(metadata);
                    break;
                case LoadedGroup group:
                    groups++;
                    foreach (var child in group.Children) pending.Push(child);
                    break;
            }
        }
        return (groups, arrays, chunks, bytes);
    }
}
