using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace DataGen.Cli;

/// <summary>Writes log lines above the terminal's <see cref="LiveRegion"/>, so they never tear the live progress rows.</summary>
internal sealed class LiveRegionSink(LiveRegion region, ITextFormatter formatter) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        using var buffer = new StringWriter();
        formatter.Format(logEvent, buffer);
        region.WriteAbove(buffer.ToString());
    }
}
