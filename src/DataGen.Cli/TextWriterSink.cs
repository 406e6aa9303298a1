using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace DataGen.Cli;

/// <summary>
/// Writes log lines to a given writer (the process's stderr, or a test's writer). Serilog's console sink only
/// knows the real console; tests need the same lines in a writer they hold.
/// </summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
