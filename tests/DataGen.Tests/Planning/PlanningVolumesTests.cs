using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Pipeline;
using DataGen.Planning;
using DataGen.Tests.Support;

namespace DataGen.Tests.Planning;

public sealed class PlanningVolumesTests
{
    private static readonly PreparedRun Prepared = PreparedRun.Prepare(PipelineConfigLoader.Load(TestPaths.PipelineJson), 1);

    [Test]
    public void Check_ShippedRecipes_EveryKindsEntryIsComplete()
    {
        foreach (var (recipe, _) in Prepared.Recipes)
        {
            Assert.DoesNotThrow(() => KindCatalog.Get(recipe.Kind).Volumes.Check(recipe), recipe.Kind.Name());
        }
    }

    [Test]
    public void Check_PlanStepWithoutCalls_FailsNamingTheKindAndStep()
    {
        var recipe = Prepared.Recipes.Select(r => r.Recipe).Single(r => r.Kind == DataKind.AdviceChats);
        var volumes = KindCatalog.Get(DataKind.AdviceChats).Volumes;
        var incomplete = volumes with { PlanCalls = volumes.PlanCalls.Where(p => p.Key != "prompt_types").ToDictionary(p => p.Key, p => p.Value) };

        var error = Assert.Throws<InvalidOperationException>(() => incomplete.Check(recipe));

        Assert.That(error!.Message, Does.Contain("advice_chats").And.Contain("plan step 'prompt_types' has no calls"));
    }

    [Test]
    public void Check_ListStepWithoutItemCount_FailsNamingTheKindAndStep()
    {
        var recipe = Prepared.Recipes.Select(r => r.Recipe).Single(r => r.Kind == DataKind.Documents);
        var volumes = KindCatalog.Get(DataKind.Documents).Volumes;
        var incomplete = volumes with { ListItems = volumes.ListItems.Where(p => p.Key != "types").ToDictionary(p => p.Key, p => p.Value) };

        var error = Assert.Throws<InvalidOperationException>(() => incomplete.Check(recipe));

        Assert.That(error!.Message, Does.Contain("documents").And.Contain("list step 'types' has no item count").And.Not.Contain("subtypes"));
    }

    [Test]
    public void PublishedTokens_ReadFromTheCatalog_OnePerKind()
    {
        Assert.That(VolumePlanner.PublishedTokens, Is.EquivalentTo(KindCatalog.All.ToDictionary(e => e.Kind, e => e.Volumes.PublishedTokens)));
        Assert.That(VolumePlanner.PublishedTokens[DataKind.Documents], Is.EqualTo(300_000_000));
    }
}
