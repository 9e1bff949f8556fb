namespace SciTex.Zarr.Engine.Arrays;

/// <summary>Engine-wide defaults, decided in one place.</summary>
public static class ZarrConfig
{
    /// <summary>Chunks encoded or decoded at once. Each worker holds about two chunks, so memory stays bounded.</summary>
    public static int Concurrency { get; set; } = Environment.ProcessorCount;
}
