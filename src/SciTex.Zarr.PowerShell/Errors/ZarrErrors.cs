using System.Management.Automation;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.PowerShell.Errors;

/// <summary>ErrorRecord factory: one stable error id and category per condition, the store/key as target.</summary>
internal static class ZarrErrors
{
    public const string StoreNotFound = "ZarrStoreNotFound";
    public const string KeyNotFound = "ZarrKeyNotFound";
    public const string NodeExists = "ZarrNodeExists";
    public const string InvalidMetadata = "ZarrInvalidMetadata";
    public const string UnsupportedDataType = "ZarrUnsupportedDataType";
    public const string UnsupportedCodec = "ZarrUnsupportedCodec";
    public const string CorruptChunk = "ZarrCorruptChunk";
    public const string ChecksumMismatch = "ZarrChecksumMismatch";
    public const string InvalidSelection = "ZarrInvalidSelection";
    public const string InvalidKey = "ZarrInvalidKey";
    public const string UnsupportedValue = "ZarrUnsupportedValueType";
    public const string InvalidArgument = "ZarrInvalidArgument";
    public const string WriteFailed = "ZarrWriteFailed";
    public const string UnsafePickle = "ZarrUnsafePickle";
    public const string CorruptSource = "ZarrCorruptSource";
    public const string ConcurrentModification = "ZarrConcurrentModification";
    public const string WriteConflict = "ZarrWriteConflict";
    public const string NotSupported = "ZarrNotSupported";
    public const string StoreUnavailable = "ZarrStoreUnavailable";
    public const string PathNotFileSystem = "ZarrPathNotFileSystem";
    public const string AmbiguousPath = "ZarrAmbiguousPath";
    public const string LimitExceeded = "ZarrLimitExceeded";
    public const string ReservedAttribute = "ZarrReservedAttribute";
    public const string NotAnArray = "ZarrNotAnArray";
    public const string NotAGroup = "ZarrNotAGroup";
    public const string NotAStore = "ZarrNotAStore";
    public const string InvalidChunkShape = "ZarrInvalidChunkShape";
    /// <summary>A failure with no better name (a defect): still a Zarr id and a category, with the .NET exception kept inside.</summary>
    public const string Unexpected = "ZarrUnexpectedError";

    public static ErrorRecord From(ZarrException e, object? target = null)
    {
        var (id, category) = e.Kind switch
        {
            ZarrErrorKind.StoreNotFound => (StoreNotFound, ErrorCategory.ObjectNotFound),
            ZarrErrorKind.KeyNotFound => (KeyNotFound, ErrorCategory.ObjectNotFound),
            ZarrErrorKind.NodeExists => (NodeExists, ErrorCategory.ResourceExists),
            ZarrErrorKind.InvalidMetadata => (InvalidMetadata, ErrorCategory.InvalidData),
            ZarrErrorKind.UnsupportedDataType => (UnsupportedDataType, ErrorCategory.NotImplemented),
            ZarrErrorKind.UnsupportedCodec => (UnsupportedCodec, ErrorCategory.NotImplemented),
            ZarrErrorKind.CorruptChunk => (CorruptChunk, ErrorCategory.InvalidData),
            ZarrErrorKind.ChecksumMismatch => (ChecksumMismatch, ErrorCategory.InvalidData),
            ZarrErrorKind.InvalidSelection => (InvalidSelection, ErrorCategory.InvalidArgument),
            ZarrErrorKind.InvalidKey => (InvalidKey, ErrorCategory.InvalidArgument),
            ZarrErrorKind.UnsupportedValue => (UnsupportedValue, ErrorCategory.InvalidType),
            ZarrErrorKind.InvalidArgument => (InvalidArgument, ErrorCategory.InvalidArgument),
            ZarrErrorKind.WriteFailed => (WriteFailed, ErrorCategory.WriteError),
            ZarrErrorKind.UnsafePickle => (UnsafePickle, ErrorCategory.SecurityError),
            ZarrErrorKind.CorruptSource => (CorruptSource, ErrorCategory.InvalidData),
            ZarrErrorKind.LimitExceeded => (LimitExceeded, ErrorCategory.LimitsExceeded),
            ZarrErrorKind.ConcurrentModification => (ConcurrentModification, ErrorCategory.ResourceBusy),
            ZarrErrorKind.ReservedAttribute => (ReservedAttribute, ErrorCategory.InvalidArgument),
            ZarrErrorKind.NotAnArray => (NotAnArray, ErrorCategory.InvalidType),
            ZarrErrorKind.NotAGroup => (NotAGroup, ErrorCategory.InvalidType),
            ZarrErrorKind.NotAStore => (NotAStore, ErrorCategory.InvalidData),
            ZarrErrorKind.InvalidChunkShape => (InvalidChunkShape, ErrorCategory.InvalidArgument),
            ZarrErrorKind.Conflict => (WriteConflict, ErrorCategory.ResourceBusy),
            ZarrErrorKind.NotSupported => (NotSupported, ErrorCategory.NotImplemented),
            ZarrErrorKind.StoreUnavailable => (StoreUnavailable, ErrorCategory.ConnectionError),
            _ => ("ZarrError", ErrorCategory.NotSpecified),
        };
        return new ErrorRecord(e, id, category, target ?? (object?)e.Key ?? e.Store);
    }

    /// <summary>
    /// Any exception that escaped the engine's own error handling, as a named record: AggregateExceptions are
    /// unwrapped, memory exhaustion is a limit, I/O is a write/read failure, and anything else (a defect) is
    /// ZarrUnexpectedError with the original exception inside.
    /// </summary>
    public static ErrorRecord FromAny(Exception e, object? target)
    {
        e = Unwrap(e);
        return e switch
        {
            ZarrException z => From(z, target),
            IOException or UnauthorizedAccessException => IoFailure(e, target?.ToString() ?? ""),
            OutOfMemoryException or InsufficientExecutionStackException => new ErrorRecord(
                new InvalidOperationException($"The operation needs more memory than is available ({e.Message}); see docs/limits.md", e),
                LimitExceeded, ErrorCategory.LimitsExceeded, target),
            PipelineStoppedException => throw e,
            _ => new ErrorRecord(new InvalidOperationException($"Unexpected {e.GetType().Name}: {e.Message}", e), Unexpected, ErrorCategory.NotSpecified, target),
        };
    }

    /// <summary>The first meaningful exception inside AggregateExceptions (a ZarrException if there is one).</summary>
    public static Exception Unwrap(Exception e)
    {
        while (e is AggregateException aggregate)
        {
            var flat = aggregate.Flatten().InnerExceptions;
            if (flat.Count == 0) break;
            e = flat.OfType<ZarrException>().FirstOrDefault() ?? flat[0];
        }
        if (e is TypeInitializationException { InnerException: { } inner }) return Unwrap(inner);
        return e;
    }

    public static ErrorRecord Create(string id, ErrorCategory category, string message, object? target) =>
        new(new InvalidOperationException(message), id, category, target);

    public static ErrorRecord StoreMissing(string path) =>
        new(new System.IO.FileNotFoundException($"No Zarr store at '{path}'."), StoreNotFound, ErrorCategory.ObjectNotFound, path);

    public static ErrorRecord IoFailure(Exception e, string path) =>
        new(e, WriteFailed, e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, path);
}
