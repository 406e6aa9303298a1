using Parquet.Schema;
using Parquet.Serialization;

namespace DataGen.Tests.Support;

/// <summary>A simulated run folder made through the CLI, and a way to edit its shards (add judge columns, plant hostile text).</summary>
internal static class SimulatedRun
{
    public static async Task<string> CreateAsync(string output, int limit = 12, string? config = null)
    {
        config = await WithoutJudgeAsync(config, output);
        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        return output;
    }

    /// <summary>
    /// The config (the shipped one by default) with the judge and near-dup dedupe off, so the run has no judge_* or
    /// near_dup_cluster columns of its own and the report tests can add theirs. A given config is copied beside itself
    /// (its relative paths keep working); the shipped one beside the output, with its paths made absolute.
    /// </summary>
    private static async Task<string> WithoutJudgeAsync(string? config, string output)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(config ?? TestPaths.PipelineJson))!;
        json.AsObject().Remove("$schema");
        string path;
        if (config is null)
        {
            json["constitution"]!["path"] = TestPaths.Constitution;
            json["prompts"]!["directory"] = TestPaths.Prompts;
            json["quality"]!["decontamination"]!["folder"] = Path.Combine(TestPaths.RepoRoot, "datasets", "eval");
            path = output.TrimEnd(Path.DirectorySeparatorChar) + ".pipeline.json";
        }
        else
        {
            path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(config))!, $"{Path.GetFileName(output.TrimEnd(Path.DirectorySeparatorChar))}.pipeline.json");
        }

        json["quality"]!["judge"]!["enabled"] = false;
        json["quality"]!["nearDuplicates"]!["enabled"] = false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, json.ToJsonString());
        return path;
    }

    /// <summary>Rewrites a shard: <paramref name="edit"/> may change rows; <paramref name="extraFields"/> are added to the schema.</summary>
    public static async Task EditShardAsync(string shard, Action<int, Dictionary<string, object?>> edit, params Field[] extraFields)
    {
        DeserializationResult<Dictionary<string, object>> input;
        await using (var stream = File.OpenRead(shard))
        {
            input = await ParquetSerializer.DeserializeUntypedAsync(stream);
        }

        var rows = new List<IDictionary<string, object?>>();
        for (var i = 0; i < input.Data.Count; i++)
        {
            var row = new Dictionary<string, object?>(input.Data[i]!);
            edit(i, row);
            rows.Add(row);
        }

        var schema = new ParquetSchema([.. input.Schema.Fields, .. extraFields]);
        await using var output = File.Create(shard);
        await ParquetSerializer.SerializeUntypedAsync(rows, schema, output);
    }
}
