using System.Diagnostics.Metrics;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Quality.Checks;

namespace DataGen.Tests.Quality.Checks;

public sealed class LanguageCheckTests
{
    private static readonly LanguageCheck English = new("English", new LanguageCheckOptions());

    private const string EnglishParagraph =
        "The lighthouse keeper had not slept for two nights. The storm had taken the radio mast, and the supply boat " +
        "was three days late. She wrote every change in the weather into the log, because someone would need to know.";

    private const string FrenchParagraph =
        "La gardienne du phare n'avait pas dormi depuis deux nuits. La tempête avait emporté le mât de la radio, et le " +
        "bateau de ravitaillement avait trois jours de retard. Elle notait chaque changement du temps dans le journal.";

    private const string GermanParagraph =
        "Die Leuchtturmwärterin hatte seit zwei Nächten nicht geschlafen. Der Sturm hatte den Funkmast mitgerissen, und " +
        "das Versorgungsschiff war drei Tage zu spät. Sie schrieb jede Wetteränderung in das Logbuch.";

    private const string SpanishParagraph =
        "La guardiana del faro no había dormido en dos noches. La tormenta se había llevado el mástil de la radio y el " +
        "barco de suministros llevaba tres días de retraso. Anotaba cada cambio del tiempo en el cuaderno.";

    [Test]
    public void Check_EnglishStory_Keeps() =>
        Assert.That(English.Check(QualitySamples.Text(EnglishParagraph + "\n\n" + EnglishParagraph.Replace("two", "three", StringComparison.Ordinal), DataKind.Stories)).Kept, Is.True);

    [TestCase(FrenchParagraph, "French")]
    [TestCase(GermanParagraph, "German")]
    [TestCase(SpanishParagraph, "Spanish")]
    public void Check_OtherLanguage_DropsWithReason(string paragraph, string language)
    {
        var verdict = English.Check(QualitySamples.Text(paragraph + "\n\n" + paragraph));
        Assert.That(verdict.Reason, Is.EqualTo("wrong_language"));
        Assert.That(verdict.Detail, Does.Contain($"mostly {language}"));
    }

    [Test]
    public void Check_ChatReplyInFrench_DropsWithReason() =>
        Assert.That(English.Check(QualitySamples.Chat(("user", "What should I do about the late boat?"), ("assistant", FrenchParagraph))).Reason,
            Is.EqualTo("wrong_language"));

    [Test]
    public void Check_EnglishStoryWithOneFrenchParagraphOfFive_Keeps()
    {
        var text = string.Join("\n\n", EnglishParagraph, EnglishParagraph, FrenchParagraph, EnglishParagraph, EnglishParagraph);
        Assert.That(English.Check(QualitySamples.Text(text, DataKind.Stories)).Kept, Is.True);
    }

    [Test]
    public void Check_HalfEnglishHalfFrench_DropsWithReason()
    {
        var text = string.Join("\n\n", EnglishParagraph, FrenchParagraph, EnglishParagraph, FrenchParagraph);
        Assert.That(English.Check(QualitySamples.Text(text, DataKind.Stories)).Reason, Is.EqualTo("wrong_language"));
    }

    [Test]
    public void Check_EnglishLineWithAForeignPhrase_Keeps() =>
        Assert.That(English.Check(QualitySamples.Text("She said merci beaucoup to the pilot and went back up the stairs to the lamp room.", DataKind.Stories)).Kept, Is.True);

    [Test]
    public void Check_ShortEnglishLines_Keeps() =>
        Assert.That(English.Check(QualitySamples.Chat(("user", "Is it safe?"), ("assistant", "Yes, it is safe to go now."))).Kept, Is.True);

    [Test]
    public void Check_FrenchConfiguredAndFrenchText_Keeps() =>
        Assert.That(new LanguageCheck("French", new LanguageCheckOptions()).Check(QualitySamples.Text(FrenchParagraph + "\n\n" + FrenchParagraph)).Kept, Is.True);

    [Test]
    public void Check_ForeignParagraphWithinTheShare_KeepsWithoutAskingLingua()
    {
        // One French paragraph among four plain English ones is under maxOtherShare whatever Lingua says of it.
        var text = string.Join("\n\n", EnglishParagraph, EnglishParagraph, FrenchParagraph, EnglishParagraph, EnglishParagraph);
        var (verdict, settled) = CheckCounting(text);
        Assert.That(verdict.Kept, Is.True);
        Assert.That(settled.GetValueOrDefault("lingua"), Is.Zero);
        Assert.That(settled.GetValueOrDefault("bound"), Is.EqualTo(1));
        Assert.That(settled.GetValueOrDefault("prefilter"), Is.EqualTo(4));
    }

    [Test]
    public void Check_ForeignParagraphsOverTheShare_AsksLinguaAndDrops()
    {
        var text = string.Join("\n\n", EnglishParagraph, FrenchParagraph, FrenchParagraph);
        var (verdict, settled) = CheckCounting(text);
        Assert.That(verdict.Reason, Is.EqualTo("wrong_language"));
        Assert.That(settled.GetValueOrDefault("lingua"), Is.EqualTo(2));
    }

    [Test]
    public void Check_TerseEnglishOverTheShare_AsksLinguaUntilTheRestCannotTipItAndKeeps()
    {
        // Terse English prose with few function words is not plainly English, so the bound cannot settle a story made
        // of it; Lingua says English for the first paragraphs, and once the rest cannot reach the share it stops.
        const string terse = "Unhurried, the archivist noticed the overdue notice under its breath. Against habit, Bramble folded away the quiet offer in grey light.";
        var text = string.Join("\n\n", terse, terse.Replace("archivist", "clerk", StringComparison.Ordinal), terse.Replace("Bramble", "Wren", StringComparison.Ordinal), terse.Replace("grey", "amber", StringComparison.Ordinal));
        var (verdict, settled) = CheckCounting(text);
        Assert.That(verdict.Kept, Is.True);
        Assert.That(settled.GetValueOrDefault("prefilter"), Is.Zero);
        Assert.That(settled.GetValueOrDefault("lingua"), Is.EqualTo(3));
        Assert.That(settled.GetValueOrDefault("bound"), Is.EqualTo(1));
    }

    // The check's verdict and its paragraphs by what settled them, counted on this thread only (the listener sees
    // every thread's measurements).
    private static (CheckVerdict Verdict, Dictionary<string, long> Settled) CheckCounting(string text)
    {
        var thread = Environment.CurrentManagedThreadId;
        var settled = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CheckMetrics.MeterName && instrument.Name == "datagen.checks.language.paragraphs")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "by" && tag.Value is string by)
                    {
                        settled[by] = settled.GetValueOrDefault(by) + value;
                    }
                }
            }
        });
        listener.Start();
        var verdict = English.Check(QualitySamples.Text(text, DataKind.Stories));
        return (verdict, settled);
    }

    [Test]
    public void Constructor_UnknownLanguage_Throws() =>
        Assert.That(() => new LanguageCheck("Klingon", new LanguageCheckOptions()), Throws.ArgumentException.With.Message.Contains("Klingon"));
}
