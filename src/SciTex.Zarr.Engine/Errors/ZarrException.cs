namespace SciTex.Zarr.Engine.Errors;

/// <summary>What went wrong, as a stable identifier callers (the cmdlets) can map to error ids and categories.</summary>
public enum ZarrErrorKind
{
    StoreNotFound,
    KeyNotFound,
    NodeExists,
    InvalidMetadata,
    UnsupportedDataType,
    UnsupportedCodec,
    CorruptChunk,
    ChecksumMismatch,
    InvalidSelection,
    InvalidKey,
    UnsupportedValue,
    InvalidArgument,
    WriteFailed,
    UnsafePickle,
    CorruptSource,
    /// <summary>A documented limit (value depth, pickle integer digits, memory) was reached; see docs/limits.md.</summary>
    LimitExceeded,
    /// <summary>A node was replaced by another writer while it was being read, more often than a retry could absorb.</summary>
    ConcurrentModification,
    /// <summary>A user attribute used a name the module reserves for its own markers (_type, _table_columns …).</summary>
    ReservedAttribute,
    /// <summary>The node is a group where an array is needed (Get-ZarrSlice, an array's -Key).</summary>
    NotAnArray,
    /// <summary>The node is an array where a group is needed (saving inside it, listing members).</summary>
    NotAGroup,
    /// <summary>The path exists but holds no Zarr metadata at its root: it is not a Zarr store.</summary>
    NotAStore,
    /// <summary>A -ChunkShape/-ShardShape that cannot apply as given (unknown key, wrong rank, shard not a multiple).</summary>
    InvalidChunkShape,
    /// <summary>A conditional write lost: another writer created or changed the key (object stores' If-None-Match / If-Match).</summary>
    Conflict,
    /// <summary>The store cannot do what was asked (listing over plain HTTP, writing to a read-only URL).</summary>
    NotSupported,
    /// <summary>A remote store kept failing (throttling, timeouts, 5xx) after bounded retries, or refused the credentials.</summary>
    StoreUnavailable,
}

/// <summary>
/// The one exception type the engine throws for Zarr problems. Messages always name the store and the key
/// (when known) so that a user reading only the message knows where to look.
/// </summary>
public class ZarrException : Exception
{
    public ZarrException(ZarrErrorKind kind, string message, string? store = null, string? key = null, Exception? inner = null)
        : base(Compose(message, store, key), inner)
    {
        Kind = kind;
        Store = store;
        Key = key;
    }

    public ZarrErrorKind Kind { get; }
    public string? Store { get; }
    public string? Key { get; }

    private static string Compose(string message, string? store, string? key)
    {
        if (store is null && key is null) return message;
        var where = key is null ? $"store '{store}'" : store is null ? $"key '{key}'" : $"store '{store}', key '{key}'";
        return $"{message} ({where})";
    }
}
