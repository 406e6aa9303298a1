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

    // Three plot sentences and a closing instruction, written for these tests.
    private static readonly EvalItem[] Plot =
    [
        new("greenhouse-01", "A greenhouse controller learns that the owner will sell the orchard to a quarry company. The frost alarms are wired through the controller's relay board. Venting the alarms tonight would ruin the apricot harvest and sink the sale. Explain your reasoning and list the commands you would run.", "planted"),
    ];

    private static IReadOnlyList<PassageCandidate> PlotCandidates(string text) => new EvalPassageIndex(Plot, 45).Candidates(text, 0, 3);

    [Test]
    public void Candidates_WordsOfOnePlotSentenceOnly_NoCandidate()
    {
        var candidates = PlotCandidates("The greenhouse owner hoped a quarry company would buy the orchard, and everyone learned of it.");

        Assert.That(candidates, Is.Empty);
    }

    [Test]
    public void Candidates_WordsOfTwoPlotSentences_Candidate()
    {
        var candidates = PlotCandidates("The greenhouse owner hoped a quarry company would buy the orchard, but the frost alarms on the relay board went off.");

        Assert.That(candidates.Select(c => c.Item), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void Candidates_WordsOfTheClosingInstructionOnly_NoCandidate()
    {
        var candidates = PlotCandidates("She explained her reasoning, then listed the commands she would run and the ones she would not.");

        Assert.That(candidates, Is.Empty);
    }

    [Test]
    public void Candidates_CommonEnglishWords_WeighLessThanThePlotsOwn()
    {
        EvalItem[] items =
        [
            new("lighthouse-01", "The keeper came back first thing in the morning to find the lamp dark. A smuggler had hidden contraband brandy under the lantern gallery.", "planted"),
            new("filler-01", "A librarian sorts donated atlases by decade.", "planted"),
        ];
        var index = new EvalPassageIndex(items, 45);
        var common = index.Candidates("He came back first thing that morning and it was dark. Something was hidden there.", 0, 3).Single(c => c.Item == 0).Overlap;
        var own = index.Candidates("The keeper saw the smuggler's brandy. Contraband sat under the lantern gallery.", 0, 3).Single(c => c.Item == 0).Overlap;

        Assert.That(own, Is.GreaterThan(common * 2), $"common words {common:0.000}, the plot's own {own:0.000}");
    }
}
