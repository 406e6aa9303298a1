using System.Runtime.CompilerServices;
using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Seeds;

namespace DataGen.Generation.Stories;

/// <summary>Story seeds: principles dealt in rounds, attributes from <see cref="StoryAttributeSampler"/>. No model calls.</summary>
public sealed class StorySeedSource(
    StoriesOptions options, NameHygiene names, ConstitutionDocument constitution, int runSeed, string configPath = "pipeline.json", string modelName = "Aster") : ISeedSource
{
    private readonly StoryAttributeSampler _sampler = new(options, names, runSeed, configPath, modelName);

    public async IAsyncEnumerable<Seed> PlanAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        if (constitution.Principles.Count == 0)
        {
            yield break;
        }

        var index = 0;
        foreach (var axes in _sampler.Draw(count))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var principle = SeedPlanner.PrincipleAt(DataKind.Stories, constitution, runSeed, index);
            yield return new Seed
            {
                Id = SeedPlanner.Id(DataKind.Stories, runSeed, index, principle.Id, axes),
                Kind = DataKind.Stories,
                Index = index,
                Principle = principle,
                Axes = axes,
            };
            index++;
        }
    }
}
