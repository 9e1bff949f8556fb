using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Values.Pickle;

/// <summary>
/// REDUCE for the allow-listed globals: each call is emulated from its arguments, checked to have exactly the
/// form Python and numpy write. A call on anything that is not an allow-listed marker is refused.
/// </summary>
internal static class AllowedCalls
{
    public static object? Invoke(object? callee, object?[] args)
    {
        if (callee is not GlobalRef global)
            throw PickleReader.CorruptValue($"REDUCE called a {(callee is null ? "None" : callee.GetType().Name)} value");
        return global.Kind switch
        {
            PickleGlobal.NumpyReconstruct => NumpyReconstruction.Reconstruct(global, args),
            PickleGlobal.NumpyDtype => NumpyReconstruction.CreateDtype(args),
            PickleGlobal.NumpyScalar => NumpyReconstruction.Scalar(args),
            PickleGlobal.NumpyFromBuffer => NumpyReconstruction.FromBuffer(args),
            PickleGlobal.CodecsEncode => EncodeLatin1(global, args),
            PickleGlobal.BuiltinBytes or PickleGlobal.BuiltinBytearray => Bytes(global, args),
            PickleGlobal.BuiltinSet or PickleGlobal.BuiltinFrozenset => Set(global, args),
            // numpy.ndarray is only meaningful as _reconstruct's first argument.
            _ => throw PickleGlobals.Refuse($"{global.QualifiedName} called directly"),
        };
    }

    /// <summary>Protocol 2 writes bytes as <c>_codecs.encode(text, 'latin1')</c>.</summary>
    private static byte[] EncodeLatin1(GlobalRef global, object?[] args)
    {
        if (args.Length != 2 || args[0] is not string text || args[1] is not string encoding)
            throw PickleGlobals.Refuse($"{global.QualifiedName} with arguments other than (str, encoding)");
        if (encoding.Replace('_', '-').ToLowerInvariant() is not ("latin1" or "latin-1" or "iso-8859-1" or "iso8859-1"))
            throw PickleGlobals.Refuse($"{global.QualifiedName} with encoding '{encoding}' (only latin1 is emulated)");
        return PickleReader.Latin1Bytes(text);
    }

    /// <summary><c>bytes()</c>, <c>bytearray()</c>, <c>bytearray(b)</c> and Python 2's <c>bytearray(text, 'latin-1')</c>.</summary>
    private static byte[] Bytes(GlobalRef global, object?[] args) => args switch
    {
        [] => Array.Empty<byte>(),
        [byte[] source] => (byte[])source.Clone(),
        [string, string] => EncodeLatin1(global, args),
        _ => throw PickleGlobals.Refuse($"{global.QualifiedName} with arguments other than a byte string"),
    };

    /// <summary>Protocol 2 writes sets as <c>set([items])</c>.</summary>
    private static HashSet<object?> Set(GlobalRef global, object?[] args) => args switch
    {
        [] => new HashSet<object?>(),
        [PickleList items] => PickleMachine.NewSet(items),
        [object?[] items] => PickleMachine.NewSet(items),
        _ => throw PickleGlobals.Refuse($"{global.QualifiedName} with arguments other than a list"),
    };
}
