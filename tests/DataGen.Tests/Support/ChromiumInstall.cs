namespace DataGen.Tests.Support;

/// <summary>
/// Where the browser tests find Debian's chromium. The tests never install it: a test run must not call the package
/// manager (or wait for its lock). <c>.ci/run</c> installs it before the tests; on a dev machine run
/// <c>apt-get install chromium</c> once.
/// </summary>
internal static class ChromiumInstall
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Null when chromium is there, else what to do.</summary>
    public static string? Check() => File.Exists(Executable)
        ? null
        : $"{Executable} not found: install Debian's chromium (.ci/run does: apt-get install chromium) so that {Executable} exists; the tests never run the package manager themselves";
}
