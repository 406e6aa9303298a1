using System.Text.RegularExpressions;
using DataGen.Output;
using DataGen.Tests.Support;
using Parquet;
using Parquet.Schema;
using YamlDotNet.Serialization;

namespace DataGen.Tests.Output;

/// <summary>
/// What the Hugging Face stack and the README's readers need from a run folder: column types the <c>datasets</c>
/// library has a feature for (no Parquet MAP), a card whose YAML the Hub reads (a config per kind, rejects apart), and
/// the README's DuckDB queries working as printed. One simulated run of the shipped config serves every test.
/// </summary>
[NonParallelizable]
public sealed partial class HubCompatibilityTests
{
    /// <summary>
    /// CLR types of the Parquet leaves <c>datasets</c> maps to a <c>Value</c> feature (string, bool, int32, int64,
    /// float32, float64, timestamp, binary); lists become <c>Sequence</c> or lists, structs dicts. A MAP has no feature.
    /// Parquet.Net 6 reads UTF-8 strings as <c>ReadOnlyMemory&lt;char&gt;</c>.
    /// </summary>
    private static readonly HashSet<Type> SupportedLeaves = [typeof(string), typeof(ReadOnlyMemory<char>), typeof(bool), typeof(int), typeof(long), typeof(float), typeof(double), typeof(DateTime), typeof(byte[])];

    private static readonly string[] Kinds = ["documents", "stories", "advice_chats"];

    private TempDirectory _dir = null!;
    private string _run = null!;

    [OneTimeSetUp]
    public async Task RunOnceAsync()
    {
        _dir = new TempDirectory();
        _run = await SimulatedRun.CreateAsync(_dir.Combine("run"), limit: 10);
    }

    [OneTimeTearDown]
    public void CleanUp() => _dir.Dispose();

    [Test]
    public async Task Run_ShippedConfig_EveryColumnOfEveryShardIsATypeDatasetsLoads()
    {
        var shards = Directory.EnumerateFiles(_run, "part-*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.That(shards.Select(s => Path.GetFileName(Path.GetDirectoryName(s))).Distinct(), Is.EquivalentTo(Kinds.Append("rejects")));
        Assert.That(DuckDb.Count(Path.Combine(_run, "rejects", "*.parquet")), Is.GreaterThan(0), "the simulator's flaws give rejects to check");

        var problems = new List<string>();
        foreach (var shard in shards)
        {
            await using var stream = File.OpenRead(shard);
            await using var reader = await ParquetReader.CreateAsync(stream);
            foreach (var field in reader.Schema.Fields)
            {
                Check(field, $"{Path.GetRelativePath(_run, shard)}: {field.Name}", problems);
            }

            // An independent reader of the same footer: DuckDB's view of the Parquet schema elements.
            var maps = DuckDb.Query($"SELECT name, converted_type, logical_type FROM parquet_schema('{shard}')")
                .Where(e => $"{e["converted_type"]} {e["logical_type"]}".Contains("MAP", StringComparison.OrdinalIgnoreCase))
                .Select(e => $"{Path.GetRelativePath(_run, shard)}: {e["name"]} is a MAP");
            problems.AddRange(maps);
        }

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Run_ShippedConfig_RejectsHaveTheProvenanceColumnsOfKeptRows()
    {
        var rejects = DuckDb.Columns(Path.Combine(_run, "rejects", "part-00000.parquet"));
        foreach (var kind in Kinds)
        {
            var kept = DuckDb.Columns(Path.Combine(_run, kind, "part-00000.parquet"));
            Assert.That(rejects, Is.SupersetOf(kept), kind);
        }

        var types = DuckDb.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{Path.Combine(_run, "rejects", "*.parquet")}'))")
            .ToDictionary(r => (string)r["column_name"]!, r => (string)r["column_type"]!);
        Assert.That(types["messages"], Is.EqualTo("STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]"));
        Assert.That(types["axes"], Is.EqualTo("STRUCT(\"key\" VARCHAR, \"value\" VARCHAR)[]"));
    }

    [Test]
    public void Run_ShippedConfig_CardYamlHasAConfigPerKindAndOneForRejects()
    {
        var yaml = Header(File.ReadAllText(Path.Combine(_run, DatasetCardWriter.FileName)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(yaml["license"], Is.EqualTo("other"));
            Assert.That(yaml["license_name"], Is.EqualTo("model-output-terms"));
            Assert.That((List<object>)yaml["task_categories"], Does.Contain("text-generation"));
            Assert.That((List<object>)yaml["size_categories"], Is.EqualTo(new[] { "n<1K" }));
            var configs = Configs(yaml);
            Assert.That(configs.Keys, Is.EquivalentTo(Kinds.Append(DatasetCardWriter.RejectsConfig)));
            foreach (var (name, path) in configs)
            {
                Assert.That(Matching(_run, path), Is.Not.Empty, $"config {name}: {path} names shards that exist");
            }

            Assert.That(((List<object>)yaml["configs"]).Cast<Dictionary<object, object>>().Count(c => c.TryGetValue("default", out var d) && (string)d == "true"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Export_OfTheRun_WritesACardWithAConfigPerKindAndTheReviewedCounts()
    {
        var export = _dir.Combine("export");

        var cli = await CliRun.InvokeAsync("export", _run, "--out", export);

        Assert.That(cli.ExitCode, Is.Zero, cli.ToString());
        var text = File.ReadAllText(Path.Combine(export, DatasetCardWriter.FileName));
        var configs = Configs(Header(text));
        Assert.That(configs.Keys, Is.EquivalentTo(Kinds), "an export has no rejects folder, so no rejects config");
        foreach (var (name, path) in configs)
        {
            Assert.That(Matching(export, path), Is.Not.Empty, $"config {name}: {path}");
        }

        Assert.That(text, Does.Contain("reviewed export").And.Contain("| stories | " + DuckDb.Count(Path.Combine(export, "stories", "*.parquet")) + " | 0 |"));
    }

    [Test]
    public void ReadmeQueries_OnTheRun_EachRunsAndReturnsRows()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var queries = SqlBlock().Matches(readme).SelectMany(m => m.Groups[1].Value.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Concat(InlineQuery().Matches(readme).Select(m => m.Groups[1].Value))
            .Select(q => q.TrimEnd(';'))
            .Where(q => q.Contains("read_parquet('out/", StringComparison.Ordinal))
            .ToList();

        Assert.That(queries, Has.Count.GreaterThanOrEqualTo(5), "the README's query examples were found");
        using (Assert.EnterMultipleScope())
        {
            foreach (var query in queries)
            {
                var sql = query.Replace("read_parquet('out/", $"read_parquet('{_run}/", StringComparison.Ordinal);
                List<Dictionary<string, object?>> rows = [];
                Assert.That(() => rows = DuckDb.Query(sql), Throws.Nothing, query);
                Assert.That(rows, Is.Not.Empty, query);
                Assert.That(rows.SelectMany(r => r.Values), Has.Some.Not.Null, query);
            }
        }
    }

    private static void Check(Field field, string where, List<string> problems)
    {
        switch (field)
        {
            case MapField:
                problems.Add($"{where} is a MAP");
                break;
            case ListField list:
                Check(list.Item, where + "[]", problems);
                break;
            case StructField structure:
                foreach (var child in structure.Fields)
                {
                    Check(child, $"{where}.{child.Name}", problems);
                }

                break;
            case DataField data when !SupportedLeaves.Contains(data.ClrType) || data.IsArray:
                problems.Add($"{where} is {data.ClrType.Name}{(data.IsArray ? "[] (legacy repeated)" : string.Empty)}");
                break;
        }
    }

    private static Dictionary<string, object> Header(string card)
    {
        Assert.That(card, Does.StartWith("---\n"));
        var yaml = card[4..card.IndexOf("\n---\n", 4, StringComparison.Ordinal)];
        return new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(yaml);
    }

    /// <summary>Config name to its train split's path, as the Hub reads <c>configs[].data_files[]</c>.</summary>
    private static Dictionary<string, string> Configs(Dictionary<string, object> yaml) =>
        ((List<object>)yaml["configs"]).Cast<Dictionary<object, object>>().ToDictionary(
            c => (string)c["config_name"],
            c => (string)((List<object>)c["data_files"]).Cast<Dictionary<object, object>>().Single(f => (string)f["split"] == "train")["path"]);

    private static string[] Matching(string root, string glob) =>
        Directory.Exists(Path.Combine(root, Path.GetDirectoryName(glob)!))
            ? Directory.GetFiles(Path.Combine(root, Path.GetDirectoryName(glob)!), Path.GetFileName(glob))
            : [];

    [GeneratedRegex(@"```sql\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();

    [GeneratedRegex(@"`(SELECT [^`]*)`")]
    private static partial Regex InlineQuery();
}
