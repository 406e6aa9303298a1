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
    public static (ILoggerFactory Factory, Serilog.Core.Logger Logger) Create(TextWriter stderr, bool verbose, string? jsonFile)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new TextWriterSink(stderr, new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")));
        if (jsonFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(jsonFile)!);
            configuration = configuration.WriteTo.File(new CompactJsonFormatter(), jsonFile, restrictedToMinimumLevel: LogEventLevel.Debug);
        }

        var logger = configuration.CreateLogger();
        return (new SerilogLoggerFactory(logger, dispose: false), logger);
    }
}
