using DataGen.Cli;

namespace DataGen.Tests.Cli;

public sealed class LiveRegionTests
{
    private const string Erase2 = "\u001b[2A\r\u001b[J";

    [Test]
    public void WriteAbove_WhileShown_ErasesTheRegionPrintsTheLineAndDrawsTheRegionBelowIt()
    {
        using var terminal = new StringWriter();
        var region = new LiveRegion(terminal, () => (80, 24));
        region.Start();
        region.Show(["row one", "row two"]);

        region.WriteAbove("[12:00:00 INF] a log line\n");

        Assert.That(terminal.ToString(), Is.EqualTo("row one\nrow two\n" + Erase2 + "[12:00:00 INF] a log line\nrow one\nrow two\n"));
    }

    [Test]
    public void Show_LinesWiderAndMoreThanTheTerminal_CutToWidthAndHeightSoTheEraseCountHolds()
    {
        using var terminal = new StringWriter();
        var region = new LiveRegion(terminal, () => (10, 3));
        region.Start();
        region.Show(["0123456789abc", "b", "c", "d"]);
        region.Show(["x"]);

        Assert.That(terminal.ToString(), Is.EqualTo("012345678\n... 3 mor\n" + Erase2 + "x\n"));
    }

    [Test]
    public void WriteAbove_AfterStop_PrintsPlainlyAndLeavesTheLastRowsOnScreen()
    {
        using var terminal = new StringWriter();
        var region = new LiveRegion(terminal, () => (80, 24));
        region.Start();
        region.Show(["final row"]);
        region.Stop();

        region.WriteAbove("after\n");

        Assert.That(terminal.ToString(), Is.EqualTo("final row\nafter\n"));
    }
}
