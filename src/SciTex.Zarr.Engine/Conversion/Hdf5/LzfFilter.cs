using PureHDF.Filters;

namespace SciTex.Zarr.Engine.Conversion.Hdf5;

/// <summary>
/// h5py's LZF filter (id 32000), decode only. PureHDF ships no LZF, yet it is h5py's usual fast compressor, so
/// files written with <c>compression="lzf"</c> would otherwise be unconvertible. The format is LibLZF's:
/// a control byte starts either a literal run (&lt; 32) or a back reference (length in the top 3 bits).
/// </summary>
internal sealed class LzfFilter : IH5Filter
{
    public const int Id = 32000;
    private static int _registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0) H5Filter.Register(new LzfFilter());
    }

    public ushort FilterId => Id;
    public string Name => "lzf";

    public uint[] GetParameters(uint[] chunkDimensions, uint typeSize, Dictionary<string, object>? options) =>
        throw new NotSupportedException("Writing LZF is not supported");

    public Memory<byte> Filter(FilterInfo info)
    {
        if (!info.Flags.HasFlag(H5FilterFlags.Decompress)) throw new NotSupportedException("Writing LZF is not supported");
        // h5py records the uncompressed chunk size as the third parameter; grow if a chunk needs more (as h5py does).
        var expected = info.Parameters.Length > 2 && info.Parameters[2] > 0 ? (int)info.Parameters[2] : 0;
        var size = expected > 0 ? expected : Math.Max(info.ChunkSize, info.Buffer.Length * 2);
        try
        {
            while (true)
            {
                var output = new byte[size];
                var written = Decompress(info.Buffer.Span, output);
                if (written >= 0) return output.AsMemory(0, written);
                size = checked(size * 2);
            }
        }
        catch (InvalidDataException) when (info.Buffer.Length == expected)
        {
            // h5py leaves chunks that LZF cannot shrink unfiltered (the filter is optional) and PureHDF still hands
            // them to us: a full-size chunk that is not valid LZF is the raw data.
            return info.Buffer;
        }
    }

    /// <summary>Bytes written, or -1 when <paramref name="output"/> is too small.</summary>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int ip = 0, op = 0;
        while (ip < input.Length)
        {
            int control = input[ip++];
            if (control < 32)
            {
                var literal = control + 1;
                if (ip + literal > input.Length) throw new InvalidDataException("LZF data ends inside a literal run");
                if (op + literal > output.Length) return -1;
                input.Slice(ip, literal).CopyTo(output[op..]);
                ip += literal;
                op += literal;
                continue;
            }
            var length = control >> 5;
            var reference = op - ((control & 0x1f) << 8) - 1;
            if (length == 7)
            {
                if (ip >= input.Length) throw new InvalidDataException("LZF data ends inside a back reference");
                length += input[ip++];
            }
            if (ip >= input.Length) throw new InvalidDataException("LZF data ends inside a back reference");
            reference -= input[ip++];
            length += 2;
            if (reference < 0) throw new InvalidDataException("LZF back reference points before the start");
            if (op + length > output.Length) return -1;
            // Byte by byte: a reference may overlap the bytes it produces (run-length style).
            for (var k = 0; k < length; k++) output[op++] = output[reference++];
        }
        return op;
    }
}
