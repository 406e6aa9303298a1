namespace DataGen.Tests.Support;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "datagen-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Copies the shipped config, constitution, prompts and eval set here, so a test can edit them freely.</summary>
    public string CopyRepoInputs()
    {
        File.Copy(TestPaths.PipelineJson, Combine("pipeline.json"));
        File.Copy(System.IO.Path.Combine(TestPaths.RepoRoot, "pipeline.schema.json"), Combine("pipeline.schema.json"));
        Directory.CreateDirectory(Combine("constitution"));
        File.Copy(TestPaths.Constitution, Combine("constitution", "constitution.md"));
        foreach (var file in Directory.EnumerateFiles(TestPaths.Prompts, "*", SearchOption.AllDirectories))
        {
            var target = Combine("prompts", System.IO.Path.GetRelativePath(TestPaths.Prompts, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var eval = System.IO.Path.Combine(TestPaths.RepoRoot, "datasets", "eval");
        foreach (var file in Directory.EnumerateFiles(eval, "*", SearchOption.AllDirectories))
        {
            var target = Combine("datasets", "eval", System.IO.Path.GetRelativePath(eval, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return Combine("pipeline.json");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Why ignored: a leftover temp folder must not fail a test that passed.
        }
    }
}
