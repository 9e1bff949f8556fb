using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using System.Runtime.ExceptionServices;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>
/// Progress that costs the engine nothing and always shows. <see cref="Run"/> runs the engine work on a worker
/// thread while the pipeline thread — the only one PowerShell takes records from — writes the latest state:
/// nothing for work that ends within a second, then at most five updates a second, and a Completed record at the
/// end. Engine threads only store numbers (<see cref="Report"/>), so they never wait on the host; verbose lines
/// they queue (<see cref="Verbose"/>) are written by the pump too. <see cref="Cancel"/> (from StopProcessing)
/// makes the next report throw, so the engine stops at its next chunk and discards its staged writes. Work that
/// must ask the user (ShouldProcess) or write to the pipeline mid-way hands that call to the pipeline thread with
/// <see cref="OnPipelineThread{T}"/>.
/// </summary>
internal sealed class ProgressReporter(Cmdlet cmdlet, int activityId, string activity)
{
    private static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _verbose = new();
    private readonly object _gate = new();
    private (long Done, long Total, string Status)? _latest;
    private long _written = -1;
    private readonly ConcurrentQueue<Action> _calls = new();
    private readonly AutoResetEvent _callPosted = new(false);
    private volatile bool _cancelled;
    private bool _shown;
    private Thread? _pipelineThread;

    /// <summary>When set (tests, or SCITEX_ZARR_PROGRESS_IMMEDIATE=1), progress is written from the first update.</summary>
    internal static bool Immediate { get; set; } = Environment.GetEnvironmentVariable("SCITEX_ZARR_PROGRESS_IMMEDIATE") == "1";

    /// <summary>Records progress from any thread (cheap: a lock-protected store). Throws once the command is being stopped.</summary>
    public void Report(long done, long total, string status)
    {
        if (_cancelled) throw new OperationCanceledException("The command was stopped");
        lock (_gate) _latest = (done, total, status);
    }

    /// <summary>Queues a verbose line from any thread; the pipeline thread writes it.</summary>
    public void Verbose(string message) => _verbose.Enqueue(message);

    public void Cancel() => _cancelled = true;

    /// <summary>Runs <paramref name="work"/> off the pipeline thread and pumps progress until it ends; rethrows its exception as thrown.</summary>
    public void Run(Action work) => Run<object?>(() => { work(); return null; });

    public T Run<T>(Func<T> work)
    {
        _pipelineThread = Thread.CurrentThread;
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var wakeUps = new[] { ((IAsyncResult)task).AsyncWaitHandle, _callPosted };
        var interval = Immediate ? TimeSpan.FromMilliseconds(20) : Interval;
        try
        {
            while (!task.IsCompleted)
            {
                WaitHandle.WaitAny(wakeUps, interval);
                RunPostedCalls();
                Pump();
            }
        }
        finally { _pipelineThread = null; }
        RunPostedCalls();
        Pump();
        if (_cancelled) throw new PipelineStoppedException();
        if (task.Exception is { } failed)
        {
            var inner = failed.InnerExceptions.Count == 1 ? failed.InnerExceptions[0] : failed;
            ExceptionDispatchInfo.Capture(inner).Throw();
        }
        return task.Result;
    }

    /// <summary>
    /// Runs <paramref name="call"/> on the pipeline thread (ShouldProcess, WriteObject …) and returns its result; from
    /// the work <see cref="Run"/> started, it waits until the pump has run it. Anywhere else it simply calls it.
    /// </summary>
    public T OnPipelineThread<T>(Func<T> call)
    {
        if (_pipelineThread is null || _pipelineThread == Thread.CurrentThread) return call();
        return Post(call).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Hands <paramref name="call"/> to the pipeline thread without waiting for it (from the work <see cref="Run"/>
    /// started): the work goes on (reads the next block) while the pipeline runs the call. The task ends with it.
    /// </summary>
    public Task<T> Post<T>(Func<T> call)
    {
        if (_pipelineThread is null || _pipelineThread == Thread.CurrentThread)
        {
            try { return Task.FromResult(call()); }
            catch (Exception e) { return Task.FromException<T>(e); }
        }
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls.Enqueue(() =>
        {
            try { done.SetResult(call()); }
            catch (Exception e) { done.SetException(e); }
        });
        _callPosted.Set();
        return done.Task;
    }

    private void RunPostedCalls()
    {
        while (_calls.TryDequeue(out var call)) call();
    }

    /// <summary>Writes queued verbose lines and, when due, the latest progress. Pipeline thread only.</summary>
    public void Pump()
    {
        while (_verbose.TryDequeue(out var line)) cmdlet.WriteVerbose(line);
        (long Done, long Total, string Status)? latest;
        lock (_gate) latest = _latest;
        if (latest is not { } state || state.Done == _written) return;
        if (!Immediate && _clock.Elapsed < ShowAfter) return;
        _written = state.Done;
        _shown = true;
        var percent = state.Total > 0 ? (int)Math.Clamp(state.Done * 100 / state.Total, 0, 100) : -1;
        var counts = state.Total > 0 ? $"{state.Done}/{state.Total} chunks" : $"{state.Done} chunks";
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, $"{state.Status} ({counts})") { PercentComplete = percent });
    }

    public void Complete()
    {
        if (!_shown) return;
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        _shown = false;
    }
}
