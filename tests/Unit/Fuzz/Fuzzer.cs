using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Tests.Fuzz;

/// <summary>A failing input: the target, the input, and what it threw (or "crash" when the child process died).</summary>
public sealed record FuzzFailure(string Target, byte[] Input, string Error);

/// <summary>
/// A seeded mutation fuzzer: each iteration takes a corpus entry, applies 1–4 byte- or token-level mutations and runs
/// the target. Anything thrown that is not a <see cref="ZarrException"/> is a failure, and so is one input taking
/// more than <see cref="SlowInput"/>. Inputs that pass join a bounded pool, so later mutations build on earlier ones.
/// </summary>
public sealed class Fuzzer(FuzzTarget target, int seed)
{
    public static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(2);
    private readonly Random _random = new(seed);
    private readonly List<byte[]> _pool = target.Seeds().ToList();

    public long Iterations { get; private set; }

    /// <summary>Runs one input; null when it passed, else the failure's description.</summary>
    public static string? Check(FuzzTarget target, byte[] input)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            target.Run(input);
        }
        catch (ZarrException)
        {
        }
        catch (Exception e)
        {
            return $"{e.GetType().FullName}: {e.Message}\n{e.StackTrace}";
        }
        return watch.Elapsed > SlowInput ? $"slow: one input took {watch.Elapsed.TotalSeconds:0.0} s" : null;
    }

    /// <summary>Fuzzes until <paramref name="duration"/> has passed; <paramref name="beforeEach"/> sees each input first (the child process saves it).</summary>
    public List<FuzzFailure> Run(TimeSpan duration, Action<byte[]>? beforeEach = null, int maxFailures = 10)
    {
        var failures = new List<FuzzFailure>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && failures.Count < maxFailures)
        {
            var input = Mutate(_pool[_random.Next(_pool.Count)]);
            beforeEach?.Invoke(input);
            Iterations++;
            if (Check(target, input) is { } error) failures.Add(new FuzzFailure(target.Name, input, error));
            else if (_random.Next(8) == 0) Remember(input);
        }
        return failures;
    }

    private void Remember(byte[] input)
    {
        if (_pool.Count < 512) _pool.Add(input);
        else _pool[_random.Next(_pool.Count)] = input;
    }

    private static readonly string[] Tokens =
    [
        "0", "-1", "1", "255", "65536", "2147483647", "2147483648", "-2147483649", "4294967296", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "1e400", "-0", "0.5", "NaN", "\"NaN\"", "null", "true", "[]", "{}",
        "\"\"", "\"x\"", "[[[[[[[[", "]]]]", "{\"a\":", "\"\\u0000\"", "\"\\ud800\"", ",", ":", "\"must_understand\":false",
    ];

    private static readonly long[] Interesting = [0, 1, -1, 127, 128, 255, 256, 0x7FFF, 0xFFFF, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, 16, 4096, 1 << 20];

    public byte[] Mutate(byte[] original)
    {
        var data = new List<byte>(original);
        var count = 1 + _random.Next(4);
        for (var m = 0; m < count; m++)
        {
            if (data.Count == 0) { data.Add((byte)_random.Next(256)); continue; }
            var at = _random.Next(data.Count);
            switch (_random.Next(9))
            {
                case 0: data[at] ^= (byte)(1 << _random.Next(8)); break;
                case 1: data[at] = (byte)_random.Next(256); break;
                case 2: // an interesting integer, little- or big-endian
                {
                    var value = Interesting[_random.Next(Interesting.Length)];
                    var width = new[] { 1, 2, 4, 8 }[_random.Next(4)];
                    var bytes = BitConverter.GetBytes(value).Take(width).ToArray();
                    if (_random.Next(2) == 0) Array.Reverse(bytes);
                    for (var i = 0; i < width && at + i < data.Count; i++) data[at + i] = bytes[i];
                    break;
                }
                case 3: data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16))); break;
                case 4: data.InsertRange(at, Enumerable.Range(0, 1 + _random.Next(8)).Select(_ => (byte)_random.Next(256))); break;
                case 5: // duplicate a range
                {
                    var length = Math.Min(data.Count - at, 1 + _random.Next(64));
                    data.InsertRange(_random.Next(data.Count), data.GetRange(at, length));
                    break;
                }
                case 6: // splice with another corpus entry
                {
                    var other = _pool[_random.Next(_pool.Count)];
                    if (other.Length == 0) break;
                    var from = _random.Next(other.Length);
                    data.InsertRange(at, other.Skip(from).Take(1 + _random.Next(64)));
                    break;
                }
                default: // token-level, for JSON: replace a run of digits/letters (or insert) with a token
                {
                    var token = Encoding.UTF8.GetBytes(Tokens[_random.Next(Tokens.Length)]);
                    var end = at;
                    while (end < data.Count && (char.IsLetterOrDigit((char)data[end]) || data[end] is (byte)'.' or (byte)'-')) end++;
                    data.RemoveRange(at, end - at);
                    data.InsertRange(at, token);
                    break;
                }
            }
        }
        if (data.Count > target.MaxLength) data.RemoveRange(target.MaxLength, data.Count - target.MaxLength);
        return data.ToArray();
    }

    public static string Hash(byte[] input) => Convert.ToHexString(SHA256.HashData(input))[..16].ToLowerInvariant();
}
