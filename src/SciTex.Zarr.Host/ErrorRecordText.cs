using System.Management.Automation;

namespace SciTex.Zarr.Host;

/// <summary>Renders an ErrorRecord close to pwsh's concise view, plus the error id that scripts match on.</summary>
public static class ErrorRecordText
{
    /// <param name="thrown">The exception that ended the pipeline, when there was one: it names the real failure, where
    /// <c>record.Exception</c> may be a ParentContainsErrorRecordException placeholder.</param>
    public static string Format(ErrorRecord record, Exception? thrown = null)
    {
        var message = record.ErrorDetails?.Message is { Length: > 0 } details ? details : record.Exception.Message;
        var lines = new List<string> { $"{SourceOf(record, thrown ?? record.Exception)}: {message}" };

        var position = record.InvocationInfo;
        if (position is { ScriptName.Length: > 0 })
            lines.Add($"    + At {position.ScriptName}:{position.ScriptLineNumber} char:{position.OffsetInLine}");
        lines.Add($"    + FullyQualifiedErrorId : {record.FullyQualifiedErrorId}");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>pwsh names the failing command when there is one and the exception type otherwise ("Exception" for throw).</summary>
    private static string SourceOf(ErrorRecord record, Exception exception)
    {
        if (record.InvocationInfo?.MyCommand is CmdletInfo or FunctionInfo) return record.InvocationInfo.MyCommand.Name;
        return exception.GetType() == typeof(RuntimeException) ? "Exception" : exception.GetType().Name;
    }
}
