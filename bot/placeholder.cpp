// replaced by bot sources
