using Parquet.Schema;
using Parquet.Serialization;

namespace DataGen.Tests.Support;

/// <summary>A simulated run folder made through the CLI, and a way to edit its shards (add judge columns, plant hostile text).</summary>
internal static class SimulatedRun
{
    public static async Task<string> CreateAsync(string output, int limit = 12, string? config = null)
    {
        config ??= await WithoutJudgeAsync(output);
        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        return output;
    }

    /// <summary>
    /// The shipped config with the judge and near-dup dedupe off, so the run has no judge_* or near_dup_cluster columns
    /// of its own and the report tests can add theirs. Paths are made absolute so the copy can live anywhere.
    /// </summary>
    private static async Task<string> WithoutJudgeAsync(string output)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(TestPaths.PipelineJson))!;
        json.AsObject().Remove("$schema");
        json["constitution"]!["path"] = TestPaths.Constitution;
        json["prompts"]!["directory"] = TestPaths.Prompts;
        json["quality"]!["decontamination"]!["folder"] = Path.Combine(TestPaths.RepoRoot, "datasets", "eval");
        json["quality"]!["judge"]!["enabled"] = false;
        json["quality"]!["nearDuplicates"]!["enabled"] = false;
        var path = output.TrimEnd(Path.DirectorySeparatorChar) + ".pipeline.json";
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
