using System.Text.Json.Nodes;
using DataGen.Tests.Support;

namespace DataGen.Tests.Cli;

/// <summary>
/// Every bad input is one clear line: the exit code (1 for a bad config, input or option, 2 for an environment
/// fault), a single <c>error:</c> line naming the file or option, no stack trace, and nothing written.
/// </summary>
public sealed class BadInputTests
{
    [TestCase("many")]
    [TestCase("99999999999")]
    [TestCase("-3")]
    public async Task Run_LimitNotAWholeNumberInRange_ExitsOneNamingTheOption(string value)
    {
        using var dir = new TempDirectory();

        var run = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", dir.Combine("out"), "--limit", value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Stderr, Does.Contain($"--limit: '{value}' is not a whole number from 0 to 10000000"));
            AssertNoStackTrace(run);
            Assert.That(Directory.Exists(dir.Combine("out")), Is.False, "nothing written");
        }
    }

    [Test]
    public async Task Run_ConstitutionWithOnlyATitle_ExitsOneNamingTheFile()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        await File.WriteAllTextAsync(dir.Combine("constitution", "constitution.md"), "# Our constitution\n\nA preface and nothing else.\n");

        var run = await RunAsync(dir, config);

        AssertOneConfigError(run, dir, $"{dir.Combine("constitution", "constitution.md")}: no principles: the file has only a title heading");
    }

    [Test]
    public async Task Run_ConstitutionIsASymlinkLoop_ExitsOneNamingTheLoop()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var path = dir.Combine("constitution", "constitution.md");
        File.Delete(path);
        File.CreateSymbolicLink(dir.Combine("constitution", "loop.md"), path);
        File.CreateSymbolicLink(path, dir.Combine("constitution", "loop.md"));

        var run = await RunAsync(dir, config);

        AssertOneConfigError(run, dir, $"{path}: cannot read the constitution: Too many levels of symbolic links");
    }

    [Test]
    public async Task Run_ConstitutionOverMaxBytes_ExitsOneNamingTheLimit()
    {
        using var dir = new TempDirectory();
        var config = await EditConfigAsync(dir, json => json["constitution"]!["maxBytes"] = 1000);

        var run = await RunAsync(dir, config);

        AssertOneConfigError(run, dir, "$.constitution.path: the file is ");
        Assert.That(run.Stderr, Does.Contain("over constitution.maxBytes (1000)"));
    }

    [Test]
    public async Task Run_ConstitutionPathClimbsOutOfTheConfigFolder_IsRefusedUnlessOptedIn()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("project"));
        File.Copy(TestPaths.Constitution, dir.Combine("outside.md"));
        var config = await EditConfigAsync(dir, json => json["constitution"]!["path"] = "../outside.md");
        File.Move(config, dir.Combine("project", "pipeline.json"));
        foreach (var folder in new[] { "prompts", "datasets" })
        {
            Directory.Move(dir.Combine(folder), dir.Combine("project", folder));
        }

        var refused = await CliRun.InvokeAsync("run", "--config", dir.Combine("project", "pipeline.json"), "--out", dir.Combine("out"), "--limit", "1");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(dir.Combine("project", "pipeline.json")))!;
        json["run"]!["allowPathsOutsideConfigFolder"] = true;
        await File.WriteAllTextAsync(dir.Combine("project", "pipeline.json"), json.ToJsonString());
        var allowed = await CliRun.InvokeAsync("run", "--config", dir.Combine("project", "pipeline.json"), "--dry-run", "--limit", "1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
            Assert.That(refused.Stderr, Does.Contain($"$.constitution.path: '../outside.md' resolves to {dir.Combine("outside.md")}, outside the config's folder {dir.Combine("project")}"));
            AssertNoStackTrace(refused);
            Assert.That(Directory.Exists(dir.Combine("out")), Is.False, "nothing written");
            Assert.That(allowed.ExitCode, Is.Zero, allowed.ToString());
        }
    }

    [Test]
    public async Task Run_PlaceholderInASnippet_ExitsOneNamingTheSnippetAndLine()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var preamble = dir.Combine("prompts", "stories", "preamble.md");
        await File.WriteAllTextAsync(preamble, "You write fiction.\nThe reader is {{ reader_name }}.\n");

        var run = await RunAsync(dir, config);

        AssertOneConfigError(run, dir, $"{preamble}: line 2: snippet (named 'stories/preamble'");
        Assert.That(run.Stderr, Does.Contain("contains the template placeholder '{{ reader_name }}'"));
    }

    [Test]
    public async Task Run_PromptIsASymlinkLoop_ExitsOneNamingThePrompt()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var prompt = dir.Combine("prompts", "stories", "preamble.md");
        File.Delete(prompt);
        File.CreateSymbolicLink(dir.Combine("prompts", "stories", "loop.md"), prompt);
        File.CreateSymbolicLink(prompt, dir.Combine("prompts", "stories", "loop.md"));

        var run = await RunAsync(dir, config);

        AssertOneConfigError(run, dir, prompt + ": ");
    }

    [Test]
    public async Task Run_EvalFolderMissingWithDecontaminationOn_ExitsOne()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        Directory.Delete(dir.Combine("datasets", "eval"), recursive: true);

        var run = await RunAsync(dir, config);

        AssertOneConfigError(run, dir, $"$.quality.decontamination.folder: folder not found: {dir.Combine("datasets", "eval")}; decontamination is on");
    }

    [Test]
    public async Task Run_ConfigNotValidUtf8_ExitsOneNamingTheLine()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var text = await File.ReadAllTextAsync(config);
        var cut = text.IndexOf("\"quickstart\"", StringComparison.Ordinal);
        var line = text[..cut].Count(c => c == '\n') + 1;
        byte[] bytes = [.. System.Text.Encoding.UTF8.GetBytes(text[..(cut + 1)]), 0xC3, 0x28, .. System.Text.Encoding.UTF8.GetBytes(text[(cut + 1)..])];
        await File.WriteAllBytesAsync(config, bytes);

        var run = await RunAsync(dir, config);

        AssertOneConfigError(run, dir, $"{config}: line {line}: not valid UTF-8");
    }

    [Test]
    public async Task Run_StorePathIsAFolder_ExitsOneNamingIt()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("store"));
        var config = await EditConfigAsync(dir, json => json["store"] = new JsonObject { ["path"] = "store" });

        var run = await RunAsync(dir, config);

        AssertOneConfigError(run, dir, $"$.store.path: is a folder, expected the response database file");
    }

    [Test]
    public async Task Run_OutIsAFile_ExitsTwoNamingThePathAndLeavesItAlone()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("out"), "my notes");

        var run = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", dir.Combine("out"), "--limit", "1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(ErrorLines(run), Is.EqualTo(new[] { $"error: {dir.Combine("out")}: cannot use as the output folder: " }).Using<string, string>((a, e) => a.StartsWith(e, StringComparison.Ordinal)));
            AssertNoStackTrace(run);
            Assert.That(File.ReadAllText(dir.Combine("out")), Is.EqualTo("my notes"));
        }
    }

    [Test]
    public async Task Run_OutIsASymlinkLoop_ExitsTwoNamingThePath()
    {
        using var dir = new TempDirectory();
        Directory.CreateSymbolicLink(dir.Combine("a"), dir.Combine("b"));
        Directory.CreateSymbolicLink(dir.Combine("b"), dir.Combine("a"));

        var run = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", dir.Combine("a", "out"), "--limit", "1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr, Does.StartWith($"error: {dir.Combine("a", "out")}: cannot use as the output folder: "));
            AssertNoStackTrace(run);
        }
    }

    [Test]
    public async Task Run_OutIsReadOnly_ExitsTwoNamingThePath()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            Assert.Ignore("running as root (or on Windows): a read-only folder mode does not stop root from writing, so this case cannot be made here");
            return;
        }

        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("ro"));
        File.SetUnixFileMode(dir.Combine("ro"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var run = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", dir.Combine("ro", "out"), "--limit", "1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr, Does.StartWith($"error: {dir.Combine("ro", "out")}: cannot use as the output folder: "));
            AssertNoStackTrace(run);
        }
    }

    [Test]
    public async Task Run_CorruptResponseStore_ExitsTwoNamingTheFileAndWritesNoShard()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("out");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "responses.db"), "this is not a database, it is a shopping list: eggs, flour, milk, and more text to fill a page. " + new string('x', 4096));

        var run = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", output, "--limit", "1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(ErrorLines(run).Where(l => l.StartsWith("error:", StringComparison.Ordinal)), Is.EqualTo(new[] { ErrorLines(run)[^1] }), "one error line, the last");
            Assert.That(ErrorLines(run)[^1], Does.StartWith($"error: {Path.Combine(output, "responses.db")}: cannot open the response store: "));
            AssertNoStackTrace(run);
            Assert.That(Directory.GetFiles(output, "*.parquet", SearchOption.AllDirectories), Is.Empty, "no shard without its manifest");
            Assert.That(File.Exists(Path.Combine(output, "manifest.json")), Is.False);
        }
    }

    [Test]
    public async Task Run_DiskFullMidRun_ExitsTwoAndLeavesNoShardWithoutAManifest()
    {
        using var dir = new TempDirectory();
        var disk = dir.Combine("disk");
        Directory.CreateDirectory(disk);
        if (OperatingSystem.IsWindows() || Environment.UserName != "root" || !await MountTmpfsAsync(disk, "256k"))
        {
            Assert.Ignore("needs root and tmpfs mounts to make a small full disk; skipped here");
            return;
        }

        try
        {
            // The store lives off the small disk, so the full disk hits the Parquet shards and the manifest.
            var config = await EditConfigAsync(dir, json => json["store"] = new JsonObject { ["path"] = dir.Combine("responses.db") });
            var output = Path.Combine(disk, "out");

            var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "200");

            var shards = Directory.GetFiles(output, "*.parquet", SearchOption.AllDirectories);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
                Assert.That(ErrorLines(run).Count(l => l.StartsWith("error:", StringComparison.Ordinal)), Is.EqualTo(1), run.ToString());
                Assert.That(run.Stderr, Does.Contain("No space left on device"));
                AssertNoStackTrace(run);
                Assert.That(shards.Length == 0 || File.Exists(Path.Combine(output, "manifest.json")), Is.True, $"shards without a manifest: {string.Join(", ", shards)}");
            }
        }
        finally
        {
            using var umount = System.Diagnostics.Process.Start("umount", [disk])!;
            await umount.WaitForExitAsync();
        }
    }

    private static async Task<bool> MountTmpfsAsync(string path, string size)
    {
        try
        {
            using var mount = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", path]) { RedirectStandardError = true })!;
            await mount.WaitForExitAsync();
            return mount.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [Test]
    public async Task Run_HugeConstitutionUnderASmallLimit_IsRefusedBeforeAnyCall()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        // 1500 planted sections: the advice plan step runs once per section whatever --limit says (about 1500 calls).
        var sections = string.Concat(Enumerable.Range(1, 1500).Select(i => $"## Rule number {i}\n\nKeep promise number {i} to the people you work with, and say so plainly when you cannot.\n\n"));
        await File.WriteAllTextAsync(dir.Combine("constitution", "constitution.md"), "# A long constitution\n\n" + sections);

        var refused = await RunAsync(dir, config);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
            Assert.That(ErrorLines(refused), Has.Length.EqualTo(1));
            Assert.That(refused.Stderr, Does.StartWith("error: the plan makes about ").And.Contains("for 3 samples under --limit 1 (1500 constitution sections").And.Contains("--allow-large-plan"));
            Assert.That(Directory.Exists(dir.Combine("out")), Is.False, "nothing written, nothing paid");
        }
    }

    private static async Task<string> EditConfigAsync(TempDirectory dir, Action<JsonNode> edit)
    {
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        edit(json);
        await File.WriteAllTextAsync(config, json.ToJsonString());
        return config;
    }

    private static Task<CliRun> RunAsync(TempDirectory dir, string config) =>
        CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"), "--limit", "1");

    private static string[] ErrorLines(CliRun run) => run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void AssertOneConfigError(CliRun run, TempDirectory dir, string expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(ErrorLines(run), Has.Length.EqualTo(1), "one line");
            Assert.That(run.Stderr, Does.StartWith("error: ").And.Contains(expected));
            AssertNoStackTrace(run);
            Assert.That(Directory.Exists(dir.Combine("out")), Is.False, "nothing written");
        }
    }

    private static void AssertNoStackTrace(CliRun run) =>
        Assert.That(run.Stderr, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception").And.Not.Contain("Exception:"));
}
