package terraform

var AttributePath = attributePath
