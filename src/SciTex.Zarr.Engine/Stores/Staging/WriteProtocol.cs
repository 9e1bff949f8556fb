namespace SciTex.Zarr.Engine.Stores.Staging;

/// <summary>
/// The named steps of a staged write, in order. Tests stop a writer at each one (a child process kills itself when
/// <see cref="StepReached"/> names the step it waits for) to prove that a crash at any instant leaves old or new.
/// </summary>
public static class WriteProtocol
{
    /// <summary>Every staged key is written (and synced when durable); nothing is visible yet.</summary>
    public const string Staged = "staged";
    /// <summary>The commit record is on disk: from here a crash rolls forward to the new node.</summary>
    public const string Committed = "committed";
    /// <summary>The old node has been moved into the transaction folder; the node path is briefly empty.</summary>
    public const string OldMovedAside = "old-moved-aside";
    /// <summary>The new node is in place.</summary>
    public const string Swapped = "swapped";
    /// <summary>The old node and the transaction folder are gone.</summary>
    public const string Cleaned = "cleaned";

    /// <summary>A removed node's folder has been moved into the transaction folder (it is gone for readers).</summary>
    public const string Removed = "removed";
    /// <summary>A region write, append or resize has written one chunk (in-place writes are per-chunk atomic).</summary>
    public const string ChunkWritten = "chunk-written";

    /// <summary>A zip store's append is on disk but its journal not yet deleted: a crash now rolls the archive back.</summary>
    public const string ZipAppended = "zip-appended";

    /// <summary>Test-only observer of protocol steps (step name, node path). Null in normal use.</summary>
    public static Action<string, string>? StepReached { get; set; }

    internal static void Reached(string step, string nodePath) => StepReached?.Invoke(step, nodePath);
}
