module preau/deploy/tools/helm-render

go 1.19
