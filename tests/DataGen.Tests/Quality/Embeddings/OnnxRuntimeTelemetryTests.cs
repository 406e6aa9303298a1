using System.Diagnostics;
using DataGen.Tests.Support;

namespace DataGen.Tests.Quality.Embeddings;

/// <summary>
/// ONNX Runtime's telemetry stays off in a run: its official Linux library otherwise keeps a device id under the
/// user's cache folder and queues usage events for Microsoft. A child process (the runtime reads its opt-out once per
/// process) runs a small simulated run that embeds with MiniLM, with its home and cache folders in a temporary folder.
/// </summary>
public sealed class OnnxRuntimeTelemetryTests
{
    // The variables ONNX Runtime reads to suppress telemetry by itself (CI detection, its own test harness, the
    // opt-outs): removed from the child, so the control below sees the library's default.
    private static readonly string[] SuppressingVariables =
    [
        "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL", "CODEBUILD_BUILD_ID", "BUILDKITE",
        "TEAMCITY_VERSION", "APPVEYOR", "BITBUCKET_BUILD_NUMBER", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI",
        "ORT_RUNNING_UNIT_TESTS", "ORT_DISABLE_TELEMETRY", "ORT_TELEMETRY_DISABLED",
    ];

    [Test]
    public async Task Run_ThatEmbeds_LeavesNoOnnxRuntimeDeviceId()
    {
        using var dir = new TempDirectory();
        var run = await RunInChildAsync(dir, userSetting: null);

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(DeviceIdFiles(dir), Is.Empty, "no ONNX Runtime device id under the child's home");
    }

    [Test]
    public async Task Run_WhereTheUserTurnedTelemetryBackOn_LeavesTheirSettingAlone()
    {
        // The control for the test above: the same run with the library's default restored creates the device id, so
        // the run does start ONNX Runtime and the absence above is the opt-out's doing.
        using var dir = new TempDirectory();
        var run = await RunInChildAsync(dir, userSetting: "0");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(DeviceIdFiles(dir), Is.Not.Empty, "ONNX Runtime started and wrote its device id, as the user asked");
    }

    private static string[] DeviceIdFiles(TempDirectory dir) =>
        Directory.Exists(dir.Combine("home"))
            ? [.. Directory.EnumerateFiles(dir.Combine("home"), "deviceid", SearchOption.AllDirectories)]
            : [];

    private static async Task<(int ExitCode, string Output)> RunInChildAsync(TempDirectory dir, string? userSetting)
    {
        var config = dir.CopyRepoInputs();
        var home = dir.Combine("home");
        Directory.CreateDirectory(home);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "datagen.dll"));
        foreach (var arg in new[] { "run", "--config", config, "--out", dir.Combine("out"), "--limit", "2" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in SuppressingVariables)
        {
            start.Environment.Remove(name);
        }

        // A fresh home and caches: the embedding cache is empty, so the run has texts to embed and loads the model.
        start.Environment["HOME"] = home;
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(home, ".cache");
        start.Environment["DATAGEN_CACHE_DIR"] = Path.Combine(home, "datagen-cache");
        if (userSetting is not null)
        {
            start.Environment["ORT_DISABLE_TELEMETRY"] = userSetting;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, $"{await stdout}\n{await stderr}");
    }
}
