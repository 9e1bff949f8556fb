using System.Management.Automation;

namespace SciTex.Zarr.Host;

/// <summary>
/// Shows progress as one line that rewrites itself with '\r', and erases it on Completed.
/// Only used when stderr is a terminal: in a log file, carriage-return animation is just noise.
/// </summary>
public sealed class ProgressRenderer(TextWriter terminal, int width)
{
    private bool _lineVisible;

    public void Render(ProgressRecord record)
    {
        if (record.RecordType == ProgressRecordType.Completed)
        {
            Clear();
            return;
        }

        var line = Describe(record);
        if (line.Length > width - 1) line = line[..(width - 1)];
        terminal.Write('\r' + line.PadRight(width - 1));
        terminal.Flush();
        _lineVisible = true;
    }

    public void Clear()
    {
        if (!_lineVisible) return;
        terminal.Write('\r' + new string(' ', width - 1) + '\r');
        terminal.Flush();
        _lineVisible = false;
    }

    /// <summary>"Activity: Status [42%] 3s left - current operation", leaving out what the record lacks.</summary>
    public static string Describe(ProgressRecord record)
    {
        var text = $"{record.Activity}: {record.StatusDescription}";
        if (record.PercentComplete >= 0) text += $" [{record.PercentComplete}%]";
        if (record.SecondsRemaining >= 0) text += $" {record.SecondsRemaining}s left";
        if (!string.IsNullOrEmpty(record.CurrentOperation)) text += $" - {record.CurrentOperation}";
        return text;
    }
}
