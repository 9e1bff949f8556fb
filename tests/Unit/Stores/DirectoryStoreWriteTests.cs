using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Stores;

/// <summary>How a directory store writes a value: in place in a staging folder, through a temporary file elsewhere.</summary>
public sealed class DirectoryStoreWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zarr-dirwrite-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private static byte[] Bytes(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + seed)).ToArray();

    [Theory]
    [InlineData(false, 1 << 20, 100)]      // preallocated, then rewritten shorter
    [InlineData(false, 100, 1 << 20)]      // small, then rewritten longer (and preallocated)
    [InlineData(true, 1 << 20, 100)]
    [InlineData(true, 300_000, 299_999)]
    public void ARewrittenKeyHoldsExactlyItsNewBytes(bool privateFolder, int first, int second)
    {
        var store = new DirectoryStore(_dir, readOnly: false, durable: false, recover: false, displayName: null, privateFolder: privateFolder);
        store.Set("a/c/0", Bytes(first, 1));
        Assert.Equal(Bytes(first, 1), store.Get("a/c/0"));
        store.Set("a/c/0", Bytes(second, 2));
        Assert.Equal(Bytes(second, 2), store.Get("a/c/0"));
        Assert.Equal(second, new FileInfo(Path.Combine(_dir, "a", "c", "0")).Length);
    }

    [Fact]
    public void APreallocatedValueHasItsExactLengthAndNoTemporaryFileRemains()
    {
        var store = new DirectoryStore(_dir, readOnly: false, durable: true, recover: false, displayName: null);
        var value = Bytes(700_001, 3);
        store.Set("x/0.0", value);
        Assert.Equal(700_001, store.GetSize("x/0.0"));
        Assert.Equal(value, store.Get("x/0.0"));
        Assert.Equal(["x/0.0"], store.ListPrefix(""));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "x")));
    }
}
