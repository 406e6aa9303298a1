using DataGen.Providers;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace DataGen.Cli;

/// <summary>Serilog setup: human-readable lines to stderr (stdout stays clean for command output), and compact JSON to a file per run.</summary>
internal static class Logging
{
    /// <param name="stderr">Where human-readable lines go.</param>
    /// <param name="verbose">Debug detail on.</param>
    /// <param name="jsonFile">The run's compact-JSON log, or null.</param>
    /// <param name="redactor">Keys removed from every line; null: the providers' default key variables.</param>
    /// <param name="live">The terminal's live progress region: lines go above it instead of straight to <paramref name="stderr"/>.</param>
    public static (ILoggerFactory Factory, Serilog.Core.Logger Logger) Create(TextWriter stderr, bool verbose, string? jsonFile, SecretRedactor? redactor = null, LiveRegion? live = null)
    {
        redactor ??= SecretRedactor.FromDefaultVariables();
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Sink(Console(stderr, live, new RedactingFormatter(new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}"), redactor)));
        if (jsonFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(jsonFile)!);
            configuration = configuration.WriteTo.File(new RedactingFormatter(new CompactJsonFormatter(), redactor), jsonFile, restrictedToMinimumLevel: LogEventLevel.Debug);
        }

        var logger = configuration.CreateLogger();
        return (new SerilogLoggerFactory(logger, dispose: false), logger);
    }

    private static Serilog.Core.ILogEventSink Console(TextWriter stderr, LiveRegion? live, Serilog.Formatting.ITextFormatter formatter) =>
        live is null ? new TextWriterSink(stderr, formatter) : new LiveRegionSink(live, formatter);
}
