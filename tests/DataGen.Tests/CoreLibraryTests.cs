using DataGen.Pipeline;

namespace DataGen.Tests;

/// <summary>The core library holds only the product: no web SDK, no plotting, no simulator, review or reporting code.</summary>
public sealed class CoreLibraryTests
{
    [Test]
    public void Core_ReferencedAssemblies_NoWebSdkPlottingOrSplitProjects()
    {
        var core = typeof(PipelineRunner).Assembly;
        var references = core.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(core.GetName().Name, Is.EqualTo("DataGen.Core"));
            Assert.That(references, Has.None.StartsWith("Microsoft.AspNetCore"));
            Assert.That(references, Has.None.StartsWith("ScottPlot"));
            Assert.That(references, Has.None.StartsWith("DataGen."), "the core references none of the projects beside it");
            Assert.That(core.GetTypes().Select(t => t.Namespace), Has.None.StartsWith("DataGen.Simulator").And.None.StartsWith("DataGen.Review").And.None.StartsWith("DataGen.Reporting"));
            Assert.That(references, Does.Contain("Microsoft.Extensions.AI.Abstractions"), "the check reads real references");
        }
    }
}
