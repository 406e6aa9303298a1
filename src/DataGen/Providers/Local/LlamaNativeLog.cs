using LLama.Native;
using Microsoft.Extensions.Logging;

namespace DataGen.Providers.Local;

/// <summary>
/// Sends llama.cpp's own log lines to an <see cref="ILogger"/> (Debug; errors as Warning) instead of stderr. The
/// native callback can only be set before the native library loads, so it is set once and forwards to the logger
/// most recently attached.
/// </summary>
internal static class LlamaNativeLog
{
    private static readonly Lock Gate = new();
    private static ILogger? _target;
    private static bool _installed;

    public static void Attach(ILogger logger)
    {
        lock (Gate)
        {
            _target = logger;
            if (_installed || NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                return;
            }

            NativeLibraryConfig.All.WithLogCallback(Forward);
            _installed = true;
        }
    }

    private static void Forward(LLamaLogLevel level, string message)
    {
        var target = Volatile.Read(ref _target);
        var text = message.TrimEnd();
        if (target is null || text.Length == 0)
        {
            return;
        }

        target.Log(level == LLamaLogLevel.Error ? LogLevel.Warning : LogLevel.Debug, "llama.cpp: {Native}", text);
    }
}
