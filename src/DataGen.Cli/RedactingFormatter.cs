using DataGen.Providers;
using Serilog.Events;
using Serilog.Formatting;

namespace DataGen.Cli;

/// <summary>Formats a log event with the inner formatter, then removes every configured key from the text (message, properties and exception alike).</summary>
internal sealed class RedactingFormatter(ITextFormatter inner, SecretRedactor redactor) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter();
        inner.Format(logEvent, buffer);
        output.Write(redactor.Redact(buffer.ToString()));
    }
}
