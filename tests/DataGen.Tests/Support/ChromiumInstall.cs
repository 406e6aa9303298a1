using System.Diagnostics;

namespace DataGen.Tests.Support;

/// <summary>
/// Makes sure Debian's chromium is there for the browser tests, so a plain <c>dotnet test</c> on a fresh machine
/// needs nothing installed by hand: when it is missing and apt-get is available (CI and dev machines run as root),
/// it is installed once. Test tools' own browser downloads do not work here; Debian's package does.
/// </summary>
internal static class ChromiumInstall
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly Lazy<string?> Result = new(Install);

    /// <summary>Null when chromium is ready, else why not.</summary>
    public static string? EnsureInstalled() => Result.Value;

    private static string? Install()
    {
        if (File.Exists(Executable))
        {
            return null;
        }

        if (!File.Exists("/usr/bin/apt-get"))
        {
            return $"{Executable} not found and apt-get is not available: install Chromium so that {Executable} exists";
        }

        var log = Run("apt-get", "update -q") + Run("apt-get", "install -y -q --no-install-recommends chromium");
        return File.Exists(Executable) ? null : $"{Executable} still missing after apt-get install chromium:\n{log}";
    }

    private static string Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" },
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output.Result + error;
    }
}
