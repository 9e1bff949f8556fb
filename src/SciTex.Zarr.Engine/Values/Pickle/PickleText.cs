using System.Text;

namespace SciTex.Zarr.Engine.Values.Pickle;

/// <summary>
/// Text encodings the pickle format uses. Python writes str as UTF-8 with <c>surrogatepass</c>, so a lone
/// surrogate (legal in both Python and .NET strings) survives as a 3-byte sequence; strict UTF-8 is tried first.
/// </summary>
internal static class PickleText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8, accepting encoded lone surrogates; returns null when the bytes are not valid.</summary>
    public static string? DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return DecodeSurrogatePass(bytes);
        }
    }

    private static string? DecodeSurrogatePass(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out var used) == System.Buffers.OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                bytes = bytes[used..];
            }
            else if (bytes.Length >= 3 && bytes[0] == 0xED && bytes[1] is >= 0xA0 and <= 0xBF && bytes[2] is >= 0x80 and <= 0xBF)
            {
                sb.Append((char)(0xD000 | ((bytes[1] & 0x3F) << 6) | (bytes[2] & 0x3F)));
                bytes = bytes[3..];
            }
            else
            {
                return null;
            }
        }
        return sb.ToString();
    }

    /// <summary>Encodes UTF-8, writing a lone surrogate as its 3-byte form the way Python's surrogatepass does.</summary>
    public static byte[] EncodeUtf8(string text)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            return EncodeSurrogatePass(text);
        }
    }

    private static byte[] EncodeSurrogatePass(string text)
    {
        var output = new List<byte>(text.Length * 3);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !char.IsSurrogatePair(text, i))
            {
                int c = text[i];
                output.Add(0xED);
                output.Add((byte)(0x80 | ((c >> 6) & 0x3F)));
                output.Add((byte)(0x80 | (c & 0x3F)));
                continue;
            }
            var rune = char.IsSurrogatePair(text, i) ? new Rune(text[i], text[++i]) : new Rune(text[i]);
            var written = rune.EncodeToUtf8(buffer);
            for (var k = 0; k < written; k++) output.Add(buffer[k]);
        }
        return output.ToArray();
    }

    /// <summary>Python's <c>raw-unicode-escape</c> (protocol 0 UNICODE): <c>\uXXXX</c>/<c>\UXXXXXXXX</c>, other bytes are Latin-1.</summary>
    public static string? DecodeRawUnicodeEscape(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            var digits = bytes[i] == (byte)'\\' && i + 1 < bytes.Length ? bytes[i + 1] switch { (byte)'u' => 4, (byte)'U' => 8, _ => 0 } : 0;
            if (digits == 0)
            {
                sb.Append((char)bytes[i]);
                continue;
            }
            if (i + 2 + digits > bytes.Length) return null;
            var hex = Encoding.ASCII.GetString(bytes.Slice(i + 2, digits));
            if (!uint.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code) || code > 0x10FFFF) return null;
            if (code < 0x10000) sb.Append((char)code);
            else sb.Append(char.ConvertFromUtf32((int)code));
            i += 1 + digits;
        }
        return sb.ToString();
    }

    /// <summary>Latin-1 bytes of a string whose characters are all below U+0100; null otherwise.</summary>
    public static byte[]? Latin1(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0xFF) return null;
            bytes[i] = (byte)text[i];
        }
        return bytes;
    }
}
