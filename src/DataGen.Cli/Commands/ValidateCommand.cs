using System.CommandLine;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Pipeline;
using DataGen.Quality.Decontamination;
using DataGen.Quality.Judging;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen validate</c>: loads config, constitution and prompts and renders prompts, calling no model and writing nothing.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CommonOptions.Config();
        var provider = CommonOptions.Provider();
        var model = CommonOptions.Model();
        var endpoint = CommonOptions.Endpoint();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the summary, not the rendered prompts." };
        var command = new Command("validate", "Check pipeline.json, the constitution and every prompt template, and print the rendered prompt of every step of each kind (plan steps and steps an ablation switch turns off included). Calls no model, writes nothing.")
        {
            config, provider, model, endpoint, quiet,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var overrides = new ConfigOverrides(parse.GetValue(provider), parse.GetValue(model), parse.GetValue(endpoint), null);
                var options = overrides.Load(parse.GetValue(config)!);
                var prepared = PreparedRun.Prepare(options);
                await PrintAsync(stdout, prepared, parse.GetValue(quiet));
                return DataGenCli.Success;
            }
            catch (ConfigException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return DataGenCli.UserError;
            }
        });
        return command;
    }

    private static async Task PrintAsync(TextWriter stdout, PreparedRun prepared, bool quiet)
    {
        var options = prepared.Options;
        await stdout.WriteLineAsync($"config: {options.ConfigPath}");
        await stdout.WriteLineAsync($"constitution: {prepared.Constitution.SourcePath} ({prepared.Constitution.Principles.Count} principles, sha256 {prepared.Constitution.Sha256[..12]})");
        await stdout.WriteLineAsync($"provider: {options.Provider.Name}, model {options.Provider.Model}{(options.Provider.IsSimulated ? " (SIMULATED: no model is called)" : string.Empty)}");
        await PrintEvalAvoidanceAsync(stdout, prepared);
        foreach (var (recipe, templates) in prepared.Recipes)
        {
            var seed = KindRecipes.PreviewSeed(recipe.Kind, prepared.Context, recipe.GroupSize);
            for (var i = 0; i < recipe.Steps.Count; i++)
            {
                var step = recipe.Steps[i];
                var notes = new List<string>();
                if (step.Scope == StepScope.Plan)
                {
                    notes.Add("plan");
                }

                if (step.FreshContext)
                {
                    notes.Add("fresh context");
                }

                if (!step.Enabled)
                {
                    notes.Add($"off by {step.Switch}");
                }

                await stdout.WriteLineAsync($"{recipe.Kind.Name()}/{step.Name}: {templates[i].Id} ok{(notes.Count > 0 ? $" ({string.Join(", ", notes)})" : string.Empty)}");
            }

            if (options.Quality.Judge.Enabled)
            {
                // The judge's templates are checked by Prepare; listed here so a researcher sees which files score this kind.
                var (rubric, revise) = JudgeStage.LoadTemplates(recipe.Kind, options.Quality.Judge, prepared.Prompts);
                await stdout.WriteLineAsync($"{recipe.Kind.Name()}/judge: {rubric.Id} ok");
                if (revise is not null)
                {
                    await stdout.WriteLineAsync($"{recipe.Kind.Name()}/judge_revise: {revise.Id} ok (critique and revise)");
                }
            }

            if (quiet)
            {
                continue;
            }

            var preview = new RecipePreview(recipe, templates).Render(seed);
            foreach (var (step, prompt) in preview)
            {
                await stdout.WriteLineAsync($"--- {recipe.Kind.Name()}/{step} for principle {seed.Principle.Id}, {string.Join(", ", seed.Axes.Select(a => $"{a.Key}={a.Value}"))}");
                if (prompt.System is { } system)
                {
                    await stdout.WriteLineAsync("[system]");
                    await stdout.WriteLineAsync(system);
                }

                await stdout.WriteLineAsync("[user]");
                await stdout.WriteLineAsync(prompt.User);
            }
        }

        await stdout.WriteLineAsync("valid");
    }

    // Excised passages, the eval families the preambles steer away from, and every grid value or constitution passage
    // the decontamination gates flag (warnings: the gates decide at run time).
    private static async Task PrintEvalAvoidanceAsync(TextWriter stdout, PreparedRun prepared)
    {
        foreach (var excision in prepared.Constitution.Excisions)
        {
            var reason = excision.Reason.Length > 0 ? excision.Reason : "no reason given";
            var text = excision.Text.Length <= 80 ? excision.Text : excision.Text[..77] + "...";
            await stdout.WriteLineAsync($"excised: {prepared.Constitution.SourcePath} line {excision.Line} ({reason}): \"{text}\"");
        }

        var families = prepared.Context.EvalFamilies;
        await stdout.WriteLineAsync(families.Count == 0
            ? "eval families: none (no family in the eval sets; the preambles carry no avoidance rule)"
            : $"eval families (the avoidance rule of every preamble): {string.Join(", ", families.Select(f => f.Id))}");
        foreach (var line in EvalSetLoader.Summary(prepared.EvalItems))
        {
            await stdout.WriteLineAsync($"eval set {line}");
        }

        if (!prepared.Options.Quality.Decontamination.Enabled)
        {
            return;
        }

        var gate = new DecontaminationGate(prepared.Options.Quality.Decontamination, prepared.EvalItems, null, background: prepared.Constitution.FullText);
        foreach (var warning in await EvalLikeInputs.FindAsync(prepared.Options, prepared.Constitution, gate, CancellationToken.None))
        {
            await stdout.WriteLineAsync($"warning: {warning}");
        }
    }
}
