using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Values.Pickle;

namespace SciTex.Zarr.Tests.Pickle;

/// <summary>Anything outside the allow-list is refused with UnsafePickle before it could have any effect.</summary>
public sealed class PickleSecurityTests
{
    private const string Allowed = "only None/bool/int/float/str/bytes/list/tuple/dict/set and numpy arrays/scalars are allowed";

    private static ZarrException Refused(byte[] pickle, ZarrErrorKind kind = ZarrErrorKind.UnsafePickle)
    {
        var e = Assert.Throws<ZarrException>(() => PickleReader.Read(pickle));
        Assert.True(e.Kind == kind, $"expected {kind}, got {e.Kind}: {e.Message}");
        return e;
    }

    [SkippableTheory]
    [InlineData("os", "system")]
    [InlineData("posix", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("builtins", "exec")]
    [InlineData("builtins", "getattr")]
    [InlineData("__builtin__", "eval")]
    [InlineData("subprocess", "Popen")]
    [InlineData("copyreg", "_reconstructor")]
    [InlineData("numpy", "load")]
    [InlineData("numpy.core.multiarray", "_reconstructor")]
    [InlineData("numpy.testing", "ndarray")]
    public void Names_outside_the_allow_list_are_refused_by_GLOBAL_and_STACK_GLOBAL(string module, string name)
    {
        var viaGlobal = new TestPickle().Global(module, name).Str("touch /tmp/x").Op(0x85, 'R').Stop();
        var viaStack = new TestPickle(4).StackGlobal(module, name).Str("touch /tmp/x").Op(0x85, 'R').Stop();
        foreach (var pickle in new[] { viaGlobal, viaStack })
            Assert.Equal($"Refusing to unpickle '{module}.{name}': {Allowed}", Refused(pickle).Message);
    }

    [SkippableFact]
    public void Python_made_exploits_are_refused_and_have_no_side_effect()
    {
        var dir = PythonPeer.NewWorkDir();
        var prefix = Path.Combine(Path.GetTempPath(), "pwned-" + Guid.NewGuid().ToString("N"));
        PythonPeer.RunScript("pickle_cases.py", "--evil", dir, prefix);
        // Protocol 2 spells names the Python 2 way (fix_imports): __builtin__, and subprocess.Popen as commands.Popen.
        var expectedNames = new Dictionary<string, (string P4, string P2)>
        {
            ["os_system"] = ("posix.system", "posix.system"),
            ["eval"] = ("builtins.eval", "__builtin__.eval"),
            ["popen"] = ("subprocess.Popen", "commands.Popen"),
        };
        foreach (var (kind, names) in expectedNames)
        {
            foreach (var (protocol, named) in new[] { (4, names.P4), (2, names.P2) })
            {
                var e = Refused(File.ReadAllBytes(Path.Combine(dir, $"evil_{kind}.p{protocol}.pkl")));
                Assert.Equal($"Refusing to unpickle '{named}': {Allowed}", e.Message);
            }
        }
        Thread.Sleep(200); // Popen would act asynchronously; give a (non-existent) child time to show itself.
        foreach (var kind in expectedNames.Keys) Assert.False(File.Exists($"{prefix}-{kind}"), $"{prefix}-{kind} exists: the payload ran");

        // Control: the very same bytes do run in Python, so the refusal above is what prevented it.
        var control = Path.Combine(dir, "evil_os_system.p4.pkl");
        var (code, _, stderr) = PythonPeer.Execute("-c", $"import pickle; pickle.loads(open({Quote(control)}, 'rb').read())");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists($"{prefix}-os_system"), "control: Python should have run the payload");
        File.Delete($"{prefix}-os_system");
    }

    private static string Quote(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    [SkippableFact]
    public void Reconstruct_with_arguments_that_are_not_an_ndarray_is_refused()
    {
        var wrongClass = new TestPickle().Global("numpy.core.multiarray", "_reconstruct")
            .Global("numpy", "dtype").Int(0).Op(0x85).Bytes((byte)'b').Op(0x87, 'R').Stop();
        Assert.Contains("numpy.core.multiarray._reconstruct", Refused(wrongClass).Message);

        var scalars = new TestPickle().Global("numpy._core.multiarray", "_reconstruct").Int(1).Int(2).Int(3).Op(0x87, 'R').Stop();
        Assert.Contains("numpy._core.multiarray._reconstruct", Refused(scalars).Message);

        var noArgs = new TestPickle().Global("numpy.core.multiarray", "_reconstruct").Op(')', 'R').Stop();
        Refused(noArgs);
    }

    private static TestPickle EmptyNdarray() => new TestPickle().Global("numpy.core.multiarray", "_reconstruct")
        .Global("numpy", "ndarray").Int(0).Op(0x85).Bytes((byte)'b').Op(0x87, 'R');

    private static TestPickle Dtype(TestPickle p, string descr) => p.Global("numpy", "dtype").Str(descr).Op(0x89, 0x88, 0x87, 'R')
        .Op('(').Int(3).Str("<").Op('N', 'N', 'N').Int(0).Int(0).Int(0).Op('t', 'b');

    [SkippableFact]
    public void Malformed_ndarray_state_is_corrupt_not_a_crash()
    {
        Refused(EmptyNdarray().Str("garbage").Op('b').Stop(), ZarrErrorKind.CorruptChunk);
        // (1, (2,), 'not a dtype', False, b'..')
        Refused(EmptyNdarray().Op('(').Int(1).Int(2).Op(0x85).Str("f8").Op(0x89).Bytes(1, 2).Op('t', 'b').Stop(), ZarrErrorKind.CorruptChunk);
        // Two float64 elements declared, one byte of data.
        var shortData = Dtype(EmptyNdarray().Op('(').Int(1).Int(2).Op(0x85), "f8").Op(0x89).Bytes(1).Op('t', 'b').Stop();
        Assert.Contains("needs 16", Refused(shortData, ZarrErrorKind.CorruptChunk).Message);
        // An ndarray placeholder that never receives BUILD.
        Refused(EmptyNdarray().Stop(), ZarrErrorKind.CorruptChunk);
        // BUILD on something that is not a numpy object.
        Refused(new TestPickle().Op('}').Op('}').Op('b').Stop());
    }

    [SkippableFact]
    public void Numpy_globals_used_any_other_way_are_refused()
    {
        Assert.Contains("numpy.ndarray", Refused(new TestPickle().Global("numpy", "ndarray").Op(')', 'R').Stop()).Message);
        Assert.Contains("object array", Refused(Dtype(new TestPickle(), "O8").Stop()).Message);
        Refused(new TestPickle().Global("numpy", "dtype").Op(']').Op(0x85, 'R').Stop());
        Refused(Dtype(new TestPickle(), "M8").Stop(), ZarrErrorKind.UnsupportedValue);
        Refused(Dtype(new TestPickle(), "V8").Stop(), ZarrErrorKind.UnsupportedValue);
        Refused(Dtype(new TestPickle(), "f8").Stop(), ZarrErrorKind.UnsupportedValue); // a bare dtype is not a value
        var scalarOfList = new TestPickle().Global("numpy.core.multiarray", "scalar").Op(']').Bytes(0).Op(0x86, 'R').Stop();
        Refused(scalarOfList);
        Refused(new TestPickle().Global("_codecs", "encode").Str("x").Str("rot13").Op(0x86, 'R').Stop());
        Refused(new TestPickle().Global("builtins", "set").Op('.').Build()); // a callable is not a value either
    }

    [SkippableFact]
    public void Object_building_opcodes_are_refused()
    {
        Assert.Contains("'os.system'", Refused(new TestPickle(0).Op('(').Text("Vls\n").Op('i').Text("os\nsystem\n").Stop()).Message);
        Assert.Contains("'builtins.set'", Refused(new TestPickle(0).Op('(').Op('i').Text("builtins\nset\n").Stop()).Message);
        Assert.Contains("numpy.ndarray", Refused(new TestPickle().Op('(').Global("numpy", "ndarray").Op('o').Stop()).Message);
        Assert.Contains("numpy.ndarray", Refused(new TestPickle().Global("numpy", "ndarray").Op(')', 0x81).Stop()).Message);
        Assert.Contains("numpy.ndarray", Refused(new TestPickle(4).Global("numpy", "ndarray").Op(')', '}', 0x92).Stop()).Message);
        Assert.Contains("persistent id", Refused(new TestPickle(0).Op('P').Text("1\n").Stop()).Message);
        Assert.Contains("persistent id", Refused(new TestPickle().Int(1).Op('Q').Stop()).Message);
        Refused(new TestPickle().Op(0x82, 1).Stop());
        Refused(new TestPickle().Op(0x83, 1, 0).Stop());
        Refused(new TestPickle().Op(0x84, 1, 0, 0, 0).Stop());
    }

    [SkippableFact]
    public void Out_of_band_buffers_are_refused_by_name()
    {
        var e = Refused(new TestPickle(5).Op(0x97).Stop(), ZarrErrorKind.UnsupportedValue);
        Assert.Contains("NEXT_BUFFER", e.Message);
    }
}
