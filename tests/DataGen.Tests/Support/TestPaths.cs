namespace DataGen.Tests.Support;

/// <summary>Locates the repository the tests run from, so they can use the shipped config, constitution and prompts.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string PipelineJson => Path.Combine(RepoRoot, "pipeline.json");

    public static string Constitution => Path.Combine(RepoRoot, "constitution", "constitution.md");

    public static string Prompts => Path.Combine(RepoRoot, "prompts");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataGen.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("DataGen.sln not found above the test directory");
    }
}
