using System.Diagnostics;
using System.Management.Automation;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>
/// Write-Progress done politely: nothing for work that ends within a second, then at most five updates a second,
/// and always a Completed record once anything was shown.
/// </summary>
internal sealed class ProgressReporter(Cmdlet cmdlet, int activityId, string activity)
{
    private static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _owner = Environment.CurrentManagedThreadId;
    private TimeSpan _last;
    private bool _shown;

    /// <summary>When set (tests, or SCITEX_ZARR_PROGRESS_IMMEDIATE=1), progress is written from the first update.</summary>
    internal static bool Immediate { get; set; } = Environment.GetEnvironmentVariable("SCITEX_ZARR_PROGRESS_IMMEDIATE") == "1";

    /// <summary>
    /// Records progress; only calls from the pipeline thread write a record (the engine also calls from its workers,
    /// and PowerShell accepts records from the pipeline thread alone).
    /// </summary>
    public void Report(long done, long total, string status)
    {
        if (Environment.CurrentManagedThreadId != _owner) return;
        var now = _clock.Elapsed;
        if (!Immediate && (now < ShowAfter || (_shown && now - _last < Interval))) return;
        _last = now;
        _shown = true;
        var percent = total > 0 ? (int)Math.Clamp(done * 100 / total, 0, 100) : -1;
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, $"{status} ({done}/{total} chunks)") { PercentComplete = percent });
    }

    public void Complete()
    {
        if (!_shown) return;
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        _shown = false;
    }
}
