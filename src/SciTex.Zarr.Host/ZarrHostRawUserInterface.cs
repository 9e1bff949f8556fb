using System.Management.Automation.Host;

namespace SciTex.Zarr.Host;

/// <summary>
/// The minimal raw console PowerShell's formatter needs: mostly a buffer width, which decides table layout.
/// Screen-buffer operations are not supported: this host writes lines, it does not paint a screen.
/// </summary>
public sealed class ZarrHostRawUserInterface : PSHostRawUserInterface
{
    /// <summary>Width used when stdout is not a terminal and COLUMNS is unset, the same fallback pwsh uses.</summary>
    public const int RedirectedWidth = 120;

    private readonly int _width = DetectWidth();

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override Size BufferSize { get => new(_width, short.MaxValue); set { } }
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; } = 25;
    public override bool KeyAvailable => false;
    public override Size MaxPhysicalWindowSize => WindowSize;
    public override Size MaxWindowSize => WindowSize;
    public override Coordinates WindowPosition { get; set; }
    public override Size WindowSize { get => new(_width, 50); set { } }
    public override string WindowTitle { get; set; } = "SciTex.Zarr";

    public override void FlushInputBuffer() { }
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw NotSupported(nameof(ReadKey));
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw NotSupported(nameof(GetBufferContents));
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw NotSupported(nameof(SetBufferContents));
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw NotSupported(nameof(SetBufferContents));
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) =>
        throw NotSupported(nameof(ScrollBufferContents));

    private static NotSupportedException NotSupported(string operation) =>
        new($"The SciTex.Zarr host does not support {operation}: it writes plain lines only.");

    private static int DetectWidth()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0) return columns;
        if (Console.IsOutputRedirected) return RedirectedWidth;
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : RedirectedWidth;
        }
        catch (IOException)
        {
            return RedirectedWidth;
        }
    }
}
