using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Values.Pickle;

/// <summary>The only callables a pickle may name. Each one is emulated, never looked up or invoked.</summary>
internal enum PickleGlobal
{
    NumpyReconstruct,
    NumpyNdarray,
    NumpyDtype,
    NumpyScalar,
    NumpyFromBuffer,
    CodecsEncode,
    // Protocol 2 spells bytes, bytearray, set and frozenset as calls of these builtins.
    BuiltinBytes,
    BuiltinBytearray,
    BuiltinSet,
    BuiltinFrozenset,
}

/// <summary>
/// A resolved GLOBAL/STACK_GLOBAL: an inert marker that only the reader's emulation understands.
/// </summary>
internal sealed record GlobalRef(PickleGlobal Kind, string QualifiedName)
{
    public override string ToString() => QualifiedName;
}

/// <summary>
/// The fixed allow-list of global names. Resolution is a string comparison against this table: nothing is
/// imported, reflected on or instantiated, so a pickle naming anything else is refused before it can matter.
/// </summary>
internal static class PickleGlobals
{
    private static readonly Dictionary<string, PickleGlobal> Allowed = new(StringComparer.Ordinal)
    {
        ["numpy.core.multiarray._reconstruct"] = PickleGlobal.NumpyReconstruct,
        ["numpy._core.multiarray._reconstruct"] = PickleGlobal.NumpyReconstruct,
        ["numpy.ndarray"] = PickleGlobal.NumpyNdarray,
        ["numpy.dtype"] = PickleGlobal.NumpyDtype,
        ["numpy.core.multiarray.scalar"] = PickleGlobal.NumpyScalar,
        ["numpy._core.multiarray.scalar"] = PickleGlobal.NumpyScalar,
        ["numpy.core.numeric._frombuffer"] = PickleGlobal.NumpyFromBuffer,
        ["numpy._core.numeric._frombuffer"] = PickleGlobal.NumpyFromBuffer,
        ["_codecs.encode"] = PickleGlobal.CodecsEncode,
        ["builtins.bytes"] = PickleGlobal.BuiltinBytes,
        ["__builtin__.bytes"] = PickleGlobal.BuiltinBytes,
        ["builtins.bytearray"] = PickleGlobal.BuiltinBytearray,
        ["__builtin__.bytearray"] = PickleGlobal.BuiltinBytearray,
        ["builtins.set"] = PickleGlobal.BuiltinSet,
        ["__builtin__.set"] = PickleGlobal.BuiltinSet,
        ["builtins.frozenset"] = PickleGlobal.BuiltinFrozenset,
        ["__builtin__.frozenset"] = PickleGlobal.BuiltinFrozenset,
    };

    public const string AllowedSummary =
        "only None/bool/int/float/str/bytes/list/tuple/dict/set and numpy arrays/scalars are allowed";

    public static GlobalRef Resolve(string module, string name)
    {
        var qualified = module + "." + name;
        if (!Allowed.TryGetValue(qualified, out var kind)) throw Refuse(qualified);
        return new GlobalRef(kind, qualified);
    }

    /// <summary>The one message for anything outside the allow-list, naming what was asked for.</summary>
    public static ZarrException Refuse(string what) =>
        new(ZarrErrorKind.UnsafePickle, $"Refusing to unpickle '{what}': {AllowedSummary}");
}
