namespace DataGen.Pipeline.Stages;

/// <summary>Builds one stage of a kind's list, or null when <c>pipeline.json</c> switches it off.</summary>
public delegate IOutcomeStage? StageFactory(StageContext context);
