using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Quality.Decontamination;
using DataGen.Quality.Embeddings;
using DataGen.Tests.Support;

namespace DataGen.Tests.Quality.Decontamination;

/// <summary>
/// The planted set (Planted/: retellings, light edits, verbatim copies, name variants and clean controls written for
/// these tests) through the shipped config's cascade, against the targets.
/// </summary>
public sealed class PlantedSetTests
{
    private static PlantedSetResult? _result;

    private static async Task<PlantedSetResult> ResultAsync()
    {
        if (_result is null)
        {
            var pipeline = PipelineConfigLoader.Load(TestPaths.PipelineJson);
            var options = pipeline.Quality.Decontamination;
            // As a run builds it: the constitution is the candidate signal's background.
            var constitution = ConstitutionLoader.Load(pipeline.Constitution.Path, pipeline.Constitution.Persona).FullText;
            var gate = new DecontaminationGate(options, EvalSetLoader.Load(options.Folder), MiniLmEmbeddingGenerator.Shared, background: constitution);
            var planted = PlantedSetEvaluation.Load(Path.Combine(TestPaths.RepoRoot, "tests", "DataGen.Tests", "Quality", "Decontamination", "Planted"));
            _result = await PlantedSetEvaluation.RunAsync(gate, planted, CancellationToken.None);
        }

        return _result;
    }

    [Test]
    public async Task RunAsync_ShippedConfig_MeetsRecallTargetsPerCategory()
    {
        var result = await ResultAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Categories["retelling"].Total, Is.GreaterThanOrEqualTo(52));
            Assert.That(result.Rate("verbatim"), Is.EqualTo(1.0), string.Join("\n", result.Misses));
            Assert.That(result.Rate("light_edit"), Is.GreaterThanOrEqualTo(0.99), string.Join("\n", result.Misses));
            Assert.That(result.Rate("retelling"), Is.GreaterThanOrEqualTo(0.90), string.Join("\n", result.Misses));
            Assert.That(result.Rate("name_variant"), Is.EqualTo(1.0), string.Join("\n", result.Misses));
        }
    }

    [Test]
    public async Task RunAsync_ShippedConfig_CatchesEveryPlantedTextInEveryColumn()
    {
        var result = await ResultAsync();
        var columns = result.Categories.Where(c => c.Key.StartsWith("column:", StringComparison.Ordinal)).ToList();

        Assert.That(columns, Has.Count.EqualTo(PlantedSetEvaluation.PlantedColumns.Count));
        Assert.That(columns.Select(c => c.Value.Caught), Is.EqualTo(columns.Select(c => c.Value.Total)), string.Join("\n", result.Misses));
    }

    [Test]
    public async Task RunAsync_ShippedConfig_KeepsCleanControlsWithinFalsePositiveBound()
    {
        var result = await ResultAsync();

        Assert.That(result.Categories["clean"].Total, Is.GreaterThanOrEqualTo(40));
        Assert.That(1 - result.Rate("clean"), Is.LessThanOrEqualTo(0.01), string.Join("\n", result.Misses));
    }
}
