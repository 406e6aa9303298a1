namespace DataGen.Generation.Recipes;

/// <summary>When a recipe step runs.</summary>
public enum StepScope
{
    /// <summary>Once per seed, by <see cref="RecipeRunner"/>.</summary>
    Seed,

    /// <summary>Before any seed exists, by the kind's seed source (list-making layers: types, subtypes, principles).</summary>
    Plan,
}
