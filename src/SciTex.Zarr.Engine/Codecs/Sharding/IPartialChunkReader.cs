using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Codecs.Sharding;

/// <summary>
/// An array→bytes codec that can serve part of a chunk by reading only some byte ranges of the stored value
/// (sharding: the index, then the inner chunks a selection overlaps). Used by <c>ZarrArray</c> when this codec
/// is the whole chain, so the stored bytes are exactly what the codec wrote.
/// </summary>
public interface IPartialChunkReader
{
    /// <summary>
    /// Reads the elements <paramref name="region"/> selects inside the chunk at <paramref name="key"/> (per axis: first
    /// chunk-local index, step, count) into a new dense C-order chunk of shape <c>region counts</c>.
    /// Returns null when the key is missing (the caller fills with the fill value).
    /// </summary>
    ChunkArray? ReadRegion(IZarrStore store, string key, ChunkSpec spec, ResolvedAxis[] region);
}
