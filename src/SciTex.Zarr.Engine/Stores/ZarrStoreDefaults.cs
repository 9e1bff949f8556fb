namespace SciTex.Zarr.Engine.Stores;

/// <summary>Store-wide defaults, decided in one place.</summary>
public static class ZarrStoreDefaults
{
    /// <summary>
    /// Sync every file of a staged write to disk before the write becomes visible, so a power cut after a node was
    /// swapped in can never show it with empty or zeroed files. On by default; <c>SCITEX_ZARR_DURABLE=0</c> turns it off
    /// for scratch data (a killed process still never loses data: the page cache survives a process).
    /// </summary>
    public static bool DurableWrites { get; set; } = Environment.GetEnvironmentVariable("SCITEX_ZARR_DURABLE") is not ("0" or "false");
}
