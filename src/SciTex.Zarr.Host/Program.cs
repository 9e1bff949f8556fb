// Placeholder: the embedded host is being written (see issue 2).
Console.Error.WriteLine("SciTex.Zarr.Host: not built yet");
return 1;
