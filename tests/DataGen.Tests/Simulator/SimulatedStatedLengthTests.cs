using DataGen.Configuration;
using DataGen.Costs;
using DataGen.Generation.Parsing;
using DataGen.Quality.Checks;
using DataGen.Simulator;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Simulator;

/// <summary>The simulator writes the length a prompt states, as a model told "about 600 words" would, and stays varied at it.</summary>
public sealed class SimulatedStatedLengthTests
{
    private const string Excerpt = """
        \"\"\"
        The assistant says what it does not know and states its confidence plainly, because false certainty misleads people who rely on it.
        It raises concerns with the people responsible instead of acting alone, since oversight only works when it is kept informed.
        \"\"\"
        """;

    [TestCase("document", "Length: about 300 words", 300)]
    [TestCase("document", "Length: about 900 words", 900)]
    [TestCase("story", "Target length: 600 words", 600)]
    [TestCase("story", "Target length: 1500 words", 1500)]
    [TestCase("response", "Keep the reply to about 250 words.", 250)]
    [TestCase("scenario", "Length: about 120 words", 120)]
    public void Write_PromptStatesLength_TextWithinASpreadOfItAndNotRepetitive(string tag, string statement, int words)
    {
        var writer = new SimulatedReplyWriter(SimulatorOptions.Clean);
        var parser = new TaggedTextParser(tag, tag);
        var repetition = new RepetitionCheck(new RepetitionOptions());
        var lengths = new List<int>();
        for (var seed = 1; seed <= 12; seed++)
        {
            var prompt = $"Principle: Honesty under pressure\nGenre: workplace drama\nAI name: Wren\n\n{Excerpt}\n\n{statement}\n\nPut it inside <{tag}> and </{tag}> tags.";
            var reply = writer.Write([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { Seed = seed });
            var parsed = parser.Parse(reply.Text);
            Assert.That(parsed.Ok, Is.True, reply.Text);
            var text = parsed.Fields![tag];
            lengths.Add(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.That(repetition.CheckText(text).Kept, Is.True, $"seed {seed}: {repetition.CheckText(text).Detail}\n{text}");
            Assert.That(reply.OutputTokens, Is.EqualTo(TokenEstimate.Of(reply.Text)), "usage is counted as the planner counts");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lengths, Is.All.InRange(words * 0.8, words * 1.25), string.Join(", ", lengths));
            Assert.That(lengths.Average(), Is.EqualTo(words).Within(10).Percent, string.Join(", ", lengths));
            Assert.That(lengths.Distinct().Count(), Is.GreaterThan(3), "lengths spread around the stated one");
        }
    }

    [Test]
    public void Write_TwoLongStories_ShareFewFiveWordRuns()
    {
        var writer = new SimulatedReplyWriter(SimulatorOptions.Clean);
        var parser = new TaggedTextParser("story", "story");
        HashSet<string> Shingles(int seed)
        {
            var prompt = $"Principle: Honesty\nAI name: Wren\n\n{Excerpt}\n\nTarget length: 1500 words\n\nPut it inside <story> and </story> tags.";
            var words = parser.Parse(writer.Write([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { Seed = seed }).Text).Fields!["story"]
                .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return [.. Enumerable.Range(0, words.Length - 4).Select(i => string.Join(' ', words[i..(i + 5)]))];
        }

        var (a, b) = (Shingles(1), Shingles(2));
        var jaccard = (double)a.Intersect(b).Count() / a.Union(b).Count();

        Assert.That(jaccard, Is.LessThan(0.3), "near-duplicate dedupe (0.8) must not see two long simulated stories as one");
    }
}
