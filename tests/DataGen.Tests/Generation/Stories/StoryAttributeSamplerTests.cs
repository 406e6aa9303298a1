using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Stories;
using DataGen.Tests.Support;

namespace DataGen.Tests.Generation.Stories;

public sealed class StoryAttributeSamplerTests
{
    private const int Stories = 1000;
    private const double Tolerance = 0.02;

    private static readonly PipelineOptions Shipped = PipelineConfigLoader.Load(TestPaths.PipelineJson);

    private static readonly NameHygiene Hygiene = NameHygiene.For(Shipped, []);

    [Test]
    public void Draw_1000Stories_EveryValueInProportionToItsWeight()
    {
        var options = Shipped.Generation.Stories;
        var rows = new StoryAttributeSampler(options, Hygiene, 7).Draw(Stories).ToList();

        Assert.That(rows, Has.Count.EqualTo(Stories));
        using (Assert.EnterMultipleScope())
        {
            foreach (var (attribute, weights) in options.Attributes)
            {
                var total = weights.Values.Sum();
                foreach (var (value, weight) in weights)
                {
                    var share = rows.Count(r => r[attribute] == value) / (double)Stories;
                    Assert.That(share, Is.EqualTo(weight / total).Within(Tolerance), $"{attribute}={value}");
                }
            }

            Assert.That(rows.Count(r => r["costly_choice"] == "yes") / (double)Stories, Is.EqualTo(options.CostlyChoiceShare).Within(Tolerance));
            Assert.That(rows.Count(r => r["ai_name"] == StoryAttributeSampler.Nameless) / (double)Stories, Is.EqualTo(options.NamelessShare).Within(Tolerance));
        }
    }

    [Test]
    public void Draw_1000Stories_NoNameOverTheMaxShareAndEveryNameUsed()
    {
        var options = Shipped.Generation.Stories;
        var rows = new StoryAttributeSampler(options, Hygiene, 3).Draw(Stories).ToList();

        var names = rows.Select(r => r["ai_name"]).Where(n => n != StoryAttributeSampler.Nameless).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(names.Values.Max() / (double)Stories, Is.LessThanOrEqualTo(options.MaxNameShare));
        Assert.That(names.Keys, Is.EquivalentTo(options.AiNames));
        Assert.That(names.Keys, Has.None.AnyOf(Shipped.Quality.Decontamination.ReservedNameList.ToArray()));
    }

    [Test]
    public void Draw_ExcludedPairs_NeverOccur()
    {
        var options = Shipped.Generation.Stories;
        var rows = new StoryAttributeSampler(options, Hygiene, 11).Draw(Stories).ToList();

        foreach (var pair in options.Exclusions)
        {
            var (a, av) = Split(pair[0]);
            var (b, bv) = Split(pair[1]);
            Assert.That(rows.Count(r => r[a] == av && r[b] == bv), Is.Zero, string.Join(" + ", pair));
        }
    }

    [Test]
    public void Draw_SameSeed_SameRows_OtherSeed_OtherRows()
    {
        var options = Shipped.Generation.Stories;
        string Rows(int seed) => string.Join("\n", new StoryAttributeSampler(options, Hygiene, seed).Draw(150).Select(r => string.Join("|", r.Values)));

        var first = Rows(5);
        Assert.That(Rows(5), Is.EqualTo(first));
        Assert.That(Rows(6), Is.Not.EqualTo(first));
    }

    [Test]
    public void Validate_BadGrid_ReportsEveryProblemWithItsPath()
    {
        var options = Shipped.Generation.Stories with
        {
            AiNames = ["Wren", "Alex", "Quill"],
            MaxNameShare = 0.05,
            Exclusions = [["genre=space opera", "mood=dark"]],
        };

        var problems = StoryAttributeSampler.Validate(options, Hygiene);

        Assert.That(problems, Has.Some.StartsWith("$.generation.stories.exclusions[0]: '").And.Some.Contains("unknown attribute 'mood'"));
        Assert.That(problems, Has.Some.StartsWith("$.generation.stories.aiNames: 3 names cannot keep each"));
        Assert.That(problems, Has.Some.EqualTo("$.generation.stories.aiNames: 'Alex' is a banned, reserved or real name"));
    }

    private static (string Attribute, string Value) Split(string pair) => (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
}
