namespace SciTex.Zarr.Engine.Stores.Staging;

/// <summary>
/// A node's new content being written out of sight. Everything written through <see cref="Store"/> (at the node's
/// real keys) becomes visible at once on <see cref="Commit"/>, replacing whatever the node held; disposing without a
/// commit discards it and leaves the old node untouched. See docs/write-protocol.md.
/// </summary>
public interface IStagedWrite : IDisposable
{
    /// <summary>The node path being written (and, when it exists, replaced).</summary>
    string NodePath { get; }

    /// <summary>Where to write the new node's keys (its metadata and chunks, under <see cref="NodePath"/>).</summary>
    IZarrStore Store { get; }

    /// <summary>Makes the staged node visible in place of the old one. After this returns the old content is gone.</summary>
    void Commit();
}
