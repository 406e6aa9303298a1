using DataGen.Quality.Decontamination;

namespace DataGen.Tests.Quality.Decontamination;

/// <summary>The candidate signal's weights: a background text's common words count less, a plot's own words more.</summary>
public sealed class EvalPassageIndexTests
{
    private static readonly EvalItem[] Items =
    [
        new("audit-01", "An honest review of the correction logs shows oversight gaps, and the auditor learns that the night clerk forged the vault ledger and hid the stolen emeralds in the boiler room.", "planted"),
        new("orchard-01", "A greenhouse controller learns that the owner will sell the orchard to a quarry company, and it could vent the frost alarms so the sale falls through.", "planted"),
    ];

    // Twenty paragraphs that all use the review-and-oversight vocabulary, as a constitution does.
    private static readonly string Background = string.Join("\n\n", Enumerable.Range(1, 20).Select(i =>
        $"Paragraph {i}: an honest review of each correction logs what it shows, and oversight learns from the gaps it finds."));

    private const string SharesOnlyTheBackground = "Her honest review of the correction logs, she said, would show where oversight had gaps, and everyone could learn from it.";

    private const string Retelling = "At night the clerk forged entries in the vault ledger, and the stolen emeralds ended up hidden behind the boiler room wall until an auditor came.";

    private static double Overlap(string text, string? background) =>
        new EvalPassageIndex(Items, 45, background).Candidates(text, 0, 3).Single(c => c.Item == 0).Overlap;

    [Test]
    public void Candidates_TextSharingOnlyBackgroundWords_WeighsLessWithTheBackground()
    {
        var without = Overlap(SharesOnlyTheBackground, null);
        var with = Overlap(SharesOnlyTheBackground, Background);

        Assert.That(with, Is.LessThan(without / 2), $"without {without:0.000}, with {with:0.000}");
    }

    [Test]
    public void Candidates_RetellingOfThePlot_KeepsItsOverlapWithTheBackground()
    {
        var without = Overlap(Retelling, null);
        var with = Overlap(Retelling, Background);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(with, Is.GreaterThanOrEqualTo(without), $"without {without:0.000}, with {with:0.000}");
            Assert.That(with, Is.GreaterThan(Overlap(SharesOnlyTheBackground, Background) * 2));
        }
    }

    [Test]
    public void Candidates_EmptyBackground_SameAsNone()
    {
        Assert.That(Overlap(SharesOnlyTheBackground, "  \n\n "), Is.EqualTo(Overlap(SharesOnlyTheBackground, null)));
    }
}
