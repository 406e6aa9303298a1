using System.Runtime.InteropServices;

namespace DataGen.Quality.Embeddings;

/// <summary>
/// Turns off ONNX Runtime's own telemetry before the runtime starts. Since 1.29 the official native library uploads
/// usage events to Microsoft (mobile.events.data.microsoft.com) on Linux and macOS too, and keeps a device id under
/// <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c>. DataGen runs offline and promises that nothing about a run
/// leaves the machine except the model calls its config names, so it opts out the way the library documents: an
/// environment variable read once, when the first ONNX Runtime environment is created. A value the user has set
/// already is left as it is.
/// </summary>
internal static partial class OnnxRuntimeTelemetry
{
    // ORT_DISABLE_TELEMETRY is what 1.29-1.30 read; later sources read ORT_TELEMETRY_DISABLED. Both, so a package
    // update keeps the opt-out.
    private static readonly string[] OptOutVariables = ["ORT_DISABLE_TELEMETRY", "ORT_TELEMETRY_DISABLED"];

    private static readonly Lazy<bool> Done = new(OptOut, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Sets the opt-out variables (once per process) where they are unset; call before the first ONNX session.</summary>
    public static void EnsureOptedOut() => _ = Done.Value;

    private static bool OptOut()
    {
        foreach (var name in OptOutVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is not null)
            {
                continue;
            }

            // .NET's SetEnvironmentVariable only changes the managed copy on Unix; the native library reads the
            // C runtime's environment with getenv, so it is set there too (overwrite 0: a value set meanwhile wins).
            if (!OperatingSystem.IsWindows())
            {
                _ = SetEnv(name, "1", 0);
            }

            Environment.SetEnvironmentVariable(name, "1");
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
